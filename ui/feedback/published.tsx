/** The published answers to feedback and petitions, newest first, a page at a time. */
import { useEffect, useState } from 'preact/hooks';
import { ApiError } from '../shared/api.ts';
import { useT } from '../shared/i18n.ts';
import { date } from '../shared/format.ts';
import { usePageTitle } from '../shared/page.ts';
import { Link } from '../shared/router.tsx';
import { Alert, Loading, Pager } from '../shared/ui.tsx';
import { publicRequest } from '../citizen/client.ts';

interface Answer { kind: string; subject: string; agency: string; receivedAt: string | null; answeredAt: string | null; answer: string }
interface AnswerPage { items: Answer[]; total: number; page: number; pageSize: number }

export function PublishedAnswers() {
  const m = useT();
  const f = m.feedback;
  usePageTitle(f.publishedTitle);
  const [page, setPage] = useState(1);
  const [data, setData] = useState<AnswerPage | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    publicRequest<AnswerPage>('GET', `/api/public/feedback/answers?page=${page}&pageSize=10`).then(setData, (err) => setError(err instanceof ApiError ? err.message : m.errors.generic));
  }, [page]);
  return (
    <>
      <h1>{f.publishedTitle}</h1>
      <p class="muted">{f.publishedIntro}</p>
      <p class="feedback-links"><Link href="/phan-anh">{f.sendOne}</Link></p>
      {error ? <Alert>{error}</Alert> : null}
      {!data && !error ? <Loading /> : null}
      {data ? (
        <>
          <p role="status">{data.total ? f.count(data.total) : f.none}</p>
          <ul class="feedback-answers">
            {data.items.map((a, i) => (
              <li key={i} class="card feedback-answer">
                <h2><span class="feedback-answer__kind">{f.kinds[a.kind] ?? a.kind}</span>{a.subject}</h2>
                <dl class="citizen-facts">
                  <div><dt>{f.agency}</dt><dd>{a.agency}</dd></div>
                  <div><dt>{f.receivedAt}</dt><dd>{date(a.receivedAt)}</dd></div>
                  <div><dt>{f.answeredAt}</dt><dd>{date(a.answeredAt)}</dd></div>
                </dl>
                <p class="feedback-answer__text"><strong>{f.answer}: </strong>{a.answer}</p>
              </li>
            ))}
          </ul>
          <Pager page={data.page} pageSize={data.pageSize} total={data.total} onPage={setPage} />
        </>
      ) : null}
    </>
  );
}
