/**
 * `/phan-anh` (no login): send feedback or a petition (phản ánh, kiến nghị) — the form of the
 * `feedback-petition` procedure after VNeID identification, into the chosen centre's queue;
 * `/phan-anh/cong-khai`: the answers published with the petitioner's consent (no personal data).
 */
import '../desk/desk.css';
import '../citizen/citizen.css';
import './feedback.css';
import { useLocation } from '../shared/router.tsx';
import { PublicHead } from '../citizen/public-head.tsx';
import { FeedbackForm } from './form.tsx';
import { PublishedAnswers } from './published.tsx';

export default function FeedbackPage() {
  const { path } = useLocation();
  return (
    <div class="public citizen">
      <PublicHead />
      <main id="main" class="public__body">
        {path.startsWith('/phan-anh/cong-khai') ? <PublishedAnswers /> : <FeedbackForm />}
      </main>
    </div>
  );
}
