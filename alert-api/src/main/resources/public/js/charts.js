// Level charts for the bureau page (uPlot, global from the bundled WebJar): readings, a robust
// trend through them, threshold lines and the forecast moment.

const uPlot = window.uPlot;
const HHMM = new Intl.DateTimeFormat('zh-CN', { timeZone: 'Asia/Shanghai', hour: '2-digit', minute: '2-digit', hour12: false });

/** Theil–Sen line through points {t (s), v}: the median of pairwise slopes; null under 2 points. */
export function theilSen(points) {
  if (points.length < 2) return null;
  const slopes = [];
  for (let i = 0; i < points.length; i++) {
    for (let j = i + 1; j < points.length; j++) {
      const dt = points[j].t - points[i].t;
      if (dt !== 0) slopes.push((points[j].v - points[i].v) / dt);
    }
  }
  if (!slopes.length) return null;
  const slope = median(slopes);
  const intercept = median(points.map(p => p.v - slope * p.t));
  return { slope, intercept, at: t => intercept + slope * t };
}

function median(xs) {
  const s = xs.slice().sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/**
 * Draws one level chart into container.
 * opts: {readings: [{t (epoch s), v}], unit, yMin, yMax, full (the overflow value),
 *        thresholds: [{value, label, color}], forecastAt (epoch s or null), trendWindowS}
 * The trend is fitted on the readings of the last trendWindowS seconds and drawn up to the moment
 * it reaches `full` (or the forecast moment), so the reader sees why the forecast says what it says.
 */
export function levelChart(container, opts) {
  const readings = opts.readings.slice().sort((a, b) => a.t - b.t);
  const last = readings.length ? readings[readings.length - 1].t : null;
  const window = readings.filter(r => last !== null && r.t >= last - (opts.trendWindowS || 600));
  const line = theilSen(window);
  let trendEnd = last;
  if (line && line.slope > 0 && opts.full !== undefined) {
    const hit = (opts.full - line.intercept) / line.slope;
    if (hit > last && hit - last < 6 * 3600) trendEnd = hit;
  }
  if (opts.forecastAt && opts.forecastAt > (trendEnd || 0)) trendEnd = opts.forecastAt;
  const xs = [...new Set([...readings.map(r => r.t), ...(line && window.length ? [window[0].t, trendEnd] : [])])].sort((a, b) => a - b);
  const byT = new Map(readings.map(r => [r.t, r.v]));
  const ys = xs.map(t => (byT.has(t) ? byT.get(t) : null));
  const trend = xs.map(t => (line && window.length && t >= window[0].t && t <= trendEnd ? line.at(t) : null));
  const thresholds = opts.thresholds || [];
  // The container's padding (8 px a side) is not drawable.
  const width = Math.max(260, container.clientWidth - 20);
  const plot = new uPlot({
    width,
    height: opts.height || 190,
    tzDate: ts => uPlot.tzDate(new Date(ts * 1e3), 'Asia/Shanghai'),
    legend: { show: false },
    cursor: { drag: { x: false, y: false } },
    scales: { x: { time: true }, y: { range: [opts.yMin ?? 0, opts.yMax] } },
    axes: [
      { stroke: '#555', grid: { stroke: '#eee' }, font: '11px sans-serif', values: (u, vals) => vals.map(v => HHMM.format(new Date(v * 1000))) },
      { stroke: '#555', grid: { stroke: '#eee' }, font: '11px sans-serif', size: 44, values: (u, vals) => vals.map(v => `${+v.toFixed(2)}${opts.unit || ''}`) },
    ],
    series: [
      {},
      { label: 'reading', stroke: '#1d70b8', width: 2, spanGaps: true, points: { show: true, size: 5, fill: '#1d70b8' } },
      { label: 'trend', stroke: '#c1121f', width: 1.5, dash: [6, 4], spanGaps: true, points: { show: false } },
    ],
    hooks: {
      draw: [u => {
        const ctx = u.ctx;
        const { left, top, width: w, height: h } = u.bbox;
        ctx.save();
        ctx.font = `${Math.round(10 * devicePixelRatio)}px sans-serif`;
        ctx.textBaseline = 'bottom';
        for (const th of thresholds) {
          const y = u.valToPos(th.value, 'y', true);
          if (y < top || y > top + h) continue;
          ctx.strokeStyle = th.color;
          ctx.setLineDash([4, 3]);
          ctx.lineWidth = devicePixelRatio;
          ctx.beginPath(); ctx.moveTo(left, y); ctx.lineTo(left + w, y); ctx.stroke();
          ctx.fillStyle = th.color;
          // Labels alternate sides so that close thresholds (95 % and 100 %) stay readable.
          ctx.textAlign = th.side === 'right' ? 'right' : 'left';
          ctx.fillText(th.label, th.side === 'right' ? left + w - 4 : left + 4, y - 2);
        }
        if (opts.forecastAt) {
          const x = u.valToPos(opts.forecastAt, 'x', true);
          if (x >= left && x <= left + w) {
            ctx.strokeStyle = '#c1121f';
            ctx.setLineDash([2, 2]);
            ctx.beginPath(); ctx.moveTo(x, top); ctx.lineTo(x, top + h); ctx.stroke();
            ctx.fillStyle = '#c1121f';
            const label = opts.forecastLabel || '';
            ctx.textAlign = 'right';
            ctx.textBaseline = 'top';
            ctx.fillText(label, Math.max(left + 60, x - 4), top + h - 14 * devicePixelRatio);
          }
        }
        ctx.restore();
      }],
    },
  }, [xs, ys, trend], container);
  return { plot, line };
}
