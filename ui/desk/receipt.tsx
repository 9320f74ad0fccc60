/**
 * After the counter: the dossier's code (large, copyable), the appointment, the form to print
 * (01 receipt, or 03 refusal), the scanned documents uploaded one by one with their status (a
 * failed one corrected and retried without receiving again), and "new reception".
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import { useLang, useT } from '../shared/i18n.ts';
import { dateTime } from '../shared/format.ts';
import { Link } from '../shared/router.tsx';
import { Button } from '../shared/ui.tsx';
import { Documents } from './documents.tsx';
import { uploadDoc, type DocEntry } from './doc-model.ts';
import type { Receipt as ReceiptData } from './draft.ts';
import { FormLink } from './form-link.tsx';
import type { Procedure } from './types.ts';

export function CopyCode({ code }: { code: string }) {
  const m = useT();
  const [copied, setCopied] = useState(false);
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(code);
      setCopied(true);
      setTimeout(() => setCopied(false), 2000);
    } catch {
      const r = document.createRange();
      const el = document.getElementById('desk-code');
      if (el) { r.selectNodeContents(el); getSelection()?.removeAllRanges(); getSelection()?.addRange(r); }
    }
  };
  return (
    <Button onClick={() => void copy()} aria-live="polite">{copied ? `✓ ${m.desk.receipt.copied}` : m.desk.receipt.copy}</Button>
  );
}

export interface ReceiptProps {
  receipt: ReceiptData;
  procedure: Procedure | undefined;
  setReceipt: (fn: (r: ReceiptData) => ReceiptData) => void;
  onNew: () => void;
}

export function Receipt({ receipt: r, procedure, setReceipt, onNew }: ReceiptProps) {
  const m = useT();
  const lang = useLang();
  const t = m.desk.receipt;
  const heading = useRef<HTMLHeadingElement>(null);
  const docsRef = useRef(r.docs);
  docsRef.current = r.docs;
  const running = useRef(false);
  const received = r.outcome === 'received';

  const patch = (key: string, p: Partial<DocEntry>) => setReceipt((x) => ({ ...x, docs: x.docs.map((d) => (d.key === key ? { ...d, ...p } : d)) }));
  const uploadOne = async (key: string) => {
    const d = docsRef.current.find((x) => x.key === key);
    if (!d || d.status === 'uploading' || d.status === 'done') return;
    patch(key, { status: 'uploading', error: undefined, errors: undefined });
    patch(key, await uploadDoc(r.code, d, m));
  };
  const uploadAll = async () => {
    if (running.current) return;
    running.current = true;
    try {
      for (const d of docsRef.current) if (d.status === 'pending' && d.file) await uploadOne(d.key);
    } finally {
      running.current = false;
    }
  };
  useEffect(() => {
    heading.current?.focus();
    void uploadAll();
  }, [r.code]);

  const done = r.docs.filter((d) => d.status === 'done').length;
  return (
    <div class="desk-receipt">
      <section class={`card desk-receipt__card desk-receipt__card--${r.outcome}`} aria-labelledby="desk-receipt-title">
        <h2 id="desk-receipt-title" tabIndex={-1} ref={heading}>{received ? t.receivedTitle : t.refusedTitle}</h2>
        <p class="desk-receipt__proc">{lang === 'vi' ? r.procedureVi : r.procedureEn} · {r.applicantName}</p>
        <div class="desk-receipt__code">
          <span class="desk-receipt__label">{t.code}</span>
          <strong id="desk-code" data-testid="dossier-code">{r.code}</strong>
          <CopyCode code={r.code} />
        </div>
        <dl class="desk-facts desk-facts--row">
          {received ? <div><dt>{t.due}</dt><dd><strong data-testid="due-at">{dateTime(r.dueAt)}</strong></dd></div> : null}
          <div><dt>{received ? t.receivedAt : t.refusedAt}</dt><dd>{dateTime(r.receivedAt)}</dd></div>
          <div><dt>{t.channel}</dt><dd>{(m.desk.channel as Record<string, string>)[r.channel] ?? r.channel}</dd></div>
        </dl>
        <div class="actions desk-receipt__actions">
          <FormLink code={r.code} form={received ? '01' : '03'} label={received ? t.print01 : t.print03} primary />
          <Link class="btn" href={`/ho-so/${encodeURIComponent(r.code)}`}>{t.open}</Link>
          <Button onClick={onNew} id="desk-new">{t.new}</Button>
        </div>
      </section>
      {received && procedure ? (
        <section class="card desk-section" aria-labelledby="desk-upload-title">
          <h2 id="desk-upload-title">{t.docsTitle}</h2>
          <p class="muted" aria-live="polite">{r.docs.length ? t.docsProgress(done, r.docs.length) : t.docsNone}</p>
          <Documents entries={r.docs} onEntries={(fn) => setReceipt((x) => ({ ...x, docs: fn(x.docs) }))} procedure={procedure}
            defaults={() => ({ holderName: r.applicantName, idNumber: r.applicantId ?? '', status: 'pending' })} showErrors={false} onUpload={(k) => void uploadOne(k)} />
        </section>
      ) : null}
    </div>
  );
}
