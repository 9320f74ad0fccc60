/**
 * Saved filters: the user's own and those shared in their agency, applied in one click; the
 * current filters saved under a name, for oneself or shared; one's own deleted.
 */
import { useEffect, useId, useState } from 'preact/hooks';
import { api, ApiError } from '../shared/api.ts';
import { useT } from '../shared/i18n.ts';
import { Alert, Button, Dialog, TextField } from '../shared/ui.tsx';
import { filtersOf, parseQuery, sameFilters, type ListQuery, type SavedFilter } from './model.ts';

export interface SavedProps {
  query: ListQuery;
  onApply(q: ListQuery): void;
  announce(text: string): void;
}

const fieldError = (err: unknown, field: string) =>
  err instanceof ApiError ? err.details.find((d) => d.field.replace(/^body\./, '') === field)?.message : undefined;

export function SavedFilters({ query, onApply, announce }: SavedProps) {
  const m = useT();
  const id = useId();
  const [list, setList] = useState<SavedFilter[] | null>(null);
  const [open, setOpen] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const [name, setName] = useState('');
  const [shared, setShared] = useState(false);
  const [saveError, setSaveError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  const load = async () => {
    try {
      setList(await api.get<SavedFilter[]>('/api/saved-filters'));
      setError(null);
    } catch (err) {
      setError(err instanceof ApiError ? err.message : m.errors.generic);
    }
  };
  useEffect(() => void load(), []);

  const save = async (e: Event) => {
    e.preventDefault();
    setBusy(true);
    try {
      const f = await api.post<SavedFilter>('/api/saved-filters', { name: name.trim(), query: filtersOf(query), shared });
      setSaving(false);
      setName('');
      setShared(false);
      setSaveError(null);
      announce(m.tasks.filterSaved(f.name));
      await load();
    } catch (err) {
      setSaveError(err);
    } finally {
      setBusy(false);
    }
  };

  const remove = async (f: SavedFilter) => {
    try {
      await api.del(`/api/saved-filters/${f.id}`);
      await load();
    } catch (err) {
      setError(err instanceof ApiError ? err.message : m.errors.generic);
    }
  };

  const nameError = !name.trim() && saveError ? m.tasks.required : fieldError(saveError, 'name');
  const otherError = saveError && !nameError ? (saveError instanceof ApiError ? saveError.message : m.errors.generic) : null;

  return (
    <div class="tsaved">
      <div class="tsaved__bar">
        <button type="button" class="btn btn--ghost tsaved__toggle" aria-expanded={open ? 'true' : 'false'} aria-controls={`${id}-list`} onClick={() => setOpen(!open)}>
          {m.tasks.saved}{list ? ` (${list.length})` : ''} <span aria-hidden="true">{open ? '▴' : '▾'}</span>
        </button>
        <Button variant="ghost" onClick={() => { setSaving(true); setSaveError(null); }}>＋ {m.tasks.saveFilter}</Button>
      </div>
      {error ? <Alert>{error}</Alert> : null}
      <div id={`${id}-list`} hidden={!open}>
        {list && list.length === 0 ? <p class="muted tsaved__empty">{m.tasks.noSaved}</p> : null}
        <ul class="tsaved__list">
          {(list ?? []).map((f) => {
            const applied = sameFilters(parseQuery(f.query), query);
            return (
              <li key={f.id} class={`tsaved__item${applied ? ' tsaved__item--on' : ''}`}>
                <button type="button" class="tsaved__apply" aria-pressed={applied ? 'true' : 'false'}
                  onClick={() => { onApply(parseQuery(f.query)); announce(m.tasks.filterApplied(f.name)); }}>
                  <span class="tsaved__name">{f.name}</span>
                  {f.shared ? <span class="tsaved__who">{f.mine ? m.tasks.sharedMine : m.tasks.sharedBy(f.ownerName ?? f.ownerUsername ?? '')}</span> : null}
                </button>
                {f.mine ? <button type="button" class="tsaved__del" aria-label={m.tasks.deleteFilter(f.name)} title={m.tasks.deleteFilter(f.name)} onClick={() => void remove(f)}>×</button> : null}
              </li>
            );
          })}
        </ul>
      </div>
      <Dialog open={saving} title={m.tasks.saveFilter} onClose={() => setSaving(false)}>
        <form class="form" onSubmit={(e) => void save(e)} noValidate>
          <TextField label={m.tasks.filterName} value={name} onValue={setName} required maxLength={100} error={nameError} autoFocus />
          <label class="tcheck">
            <input type="checkbox" checked={shared} onChange={(e) => setShared((e.target as HTMLInputElement).checked)} />
            <span>{m.tasks.shareFilter}</span>
          </label>
          {otherError ? <Alert>{otherError}</Alert> : null}
          <div class="actions">
            <Button variant="primary" type="submit" busy={busy}>{m.app.save}</Button>
            <Button variant="ghost" onClick={() => setSaving(false)}>{m.app.cancel}</Button>
          </div>
        </form>
      </Dialog>
    </div>
  );
}
