/**
 * The trend chart: resolved early, on time and late as stacked bars (the deadline colours: green
 * shades for early and on time, red for late) and received as a line, per week or month. chart.js is
 * loaded only here, on first draw. The canvas is an image labelled with the text summary; the figures
 * are in the table beside it.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import type { Chart as ChartType } from 'chart.js';
import { useT } from '../shared/i18n.ts';

export interface TrendBucket { start: string; received: number; early: number; onTime: number; late: number }

const css = (name: string, fallback: string) => getComputedStyle(document.documentElement).getPropertyValue(name).trim() || fallback;

export function TrendChart({ buckets, labels, summary }: { buckets: TrendBucket[]; labels: string[]; summary: string }) {
  const m = useT();
  const canvas = useRef<HTMLCanvasElement>(null);
  const chart = useRef<ChartType | null>(null);
  const [ready, setReady] = useState(false);
  useEffect(() => {
    let live = true;
    void (async () => {
      const c = await import('chart.js');
      c.Chart.register(c.BarController, c.BarElement, c.LineController, c.LineElement, c.PointElement, c.CategoryScale, c.LinearScale, c.Legend, c.Tooltip);
      if (!live || !canvas.current) return;
      chart.current?.destroy();
      chart.current = new c.Chart(canvas.current, {
        type: 'bar',
        data: {
          labels,
          datasets: [
            { type: 'bar', label: m.quality.early, data: buckets.map((b) => b.early), backgroundColor: css('--ok-ink', '#17602d'), stack: 'resolved' },
            { type: 'bar', label: m.quality.onTime, data: buckets.map((b) => b.onTime), backgroundColor: css('--ok-line', '#7cc495'), stack: 'resolved' },
            { type: 'bar', label: m.quality.late, data: buckets.map((b) => b.late), backgroundColor: css('--late-line', '#e58a8d'), borderColor: css('--late-ink', '#9b1117'), borderWidth: 1, stack: 'resolved' },
            { type: 'line', label: m.quality.received, data: buckets.map((b) => b.received), borderColor: css('--primary', '#0b4f8a'), backgroundColor: css('--primary', '#0b4f8a'), tension: 0, pointRadius: 3 },
          ],
        },
        options: {
          responsive: true, maintainAspectRatio: false, animation: false,
          scales: { x: { stacked: true }, y: { stacked: true, beginAtZero: true, ticks: { precision: 0 } } },
          plugins: { legend: { position: 'bottom' } },
        },
      });
      setReady(true);
    })();
    return () => { live = false; };
  }, [JSON.stringify(buckets), labels.join('|'), m]);
  useEffect(() => () => chart.current?.destroy(), []);
  return (
    <div class="qa-chart" data-ready={ready ? 'true' : 'false'}>
      {!ready ? <p class="muted">{m.quality.chartLoading}</p> : null}
      <canvas ref={canvas} role="img" aria-label={m.quality.chartLabel(summary)} />
    </div>
  );
}
