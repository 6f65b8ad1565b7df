// Charts of the statistics page, drawn in the browser by Apache ECharts (web/vendor/echarts, pinned and embedded in
// the binary; scripts/vendor-echarts.sh refreshes it): lines for trends by month, bars for breakdowns, right to left
// in Arabic, numbers in the digits chosen. Each chart has a table under it with the same numbers (for whoever would
// rather read them, and for screen readers) and can be downloaded as SVG or PNG. A hidden count (the small-number
// rule) is a gap in the chart and reads "<5" in the table.

import * as echarts from '../vendor/echarts/echarts.esm.min.js';
import { t, getLanguage, withDigits } from '../i18n.js';
import { h } from './dom.js';
import { dataTable } from './table.js';

const COLOURS = ['#0b5c6b', '#c2410c', '#2a8c8c', '#7d4b00', '#174f8f', '#a8261d', '#5b6470', '#1c6a38'];
const FONT = "'Noto Sans Arabic', system-ui, sans-serif";

// The charts on screen, disposed of when the page is drawn again.
const live = new Set();
let resizeBound = false;

export function disposeCharts() {
  for (const chart of live) chart.dispose();
  live.clear();
}

// The name of a row or column of a statistics answer in the current language.
export function keyName(item) {
  return (getLanguage() === 'en' ? item.name_en : item.name_ar) || item.key;
}

// A number (or a hidden one) as the table shows it, in the digits chosen ('arab' or 'latn').
export function numberText(cell, digits) {
  if (!cell) return '';
  // "<5" always reads left to right: in an Arabic line its sign would otherwise turn round
  if (cell.suppressed) return cell.reason === 'small' ? `\u2066${withDigits(cell.display || '<5', digits)}\u2069` : t('statistics.hidden');
  return withDigits(String(cell.value), digits);
}

// The series of an answer: one per column (a single one when the answer has one column), its values by row; a hidden
// count is null (a gap).
export function seriesOf(answer) {
  const columns = answer.columns || [];
  const rows = answer.rows || [];
  return columns.map((column, c) => ({
    name: columns.length > 1 ? keyName(column) : (getLanguage() === 'en' ? answer.name_en : answer.name_ar),
    values: rows.map((row, r) => {
      const cell = answer.cells[r * columns.length + c];
      return cell && !cell.suppressed ? cell.value : null;
    }),
  }));
}

// A month (YYYY-MM) by its name and year, in the language and digits chosen: كانون الثاني ٢٠٢٦, January 2026.
export function monthName(key, digits) {
  const [year, month] = String(key).split('-').map(Number);
  if (!year || !month) return key;
  const locale = getLanguage() === 'en' ? 'en-GB' : `ar-JO-u-nu-${digits === 'latn' ? 'latn' : 'arab'}`;
  return new Intl.DateTimeFormat(locale, { month: 'long', year: 'numeric', timeZone: 'UTC' }).format(new Date(Date.UTC(year, month - 1, 15)));
}

// The name of a row as the chart and the table show it.
export function rowName(answer, row, digits) {
  return answer.by[0] === 'month' ? monthName(row.key, digits) : keyName(row);
}

function chartOption(answer, kind, digits) {
  const rtl = getLanguage() === 'ar';
  const categories = (answer.rows || []).map((row) => rowName(answer, row, digits));
  const series = seriesOf(answer);
  const number = (value) => (value === null || value === undefined ? t('statistics.hidden') : withDigits(String(value), digits));
  // bars lie down when their names are many or long, so that every name reads whole
  const across = kind === 'bar' && (categories.length > 6 || categories.some((name) => name.length > 14));
  const categoryAxis = {
    type: 'category',
    data: categories,
    inverse: across || rtl,
    axisLabel: { interval: 0, hideOverlap: !across, rotate: !across && categories.length > 6 ? 30 : 0, fontFamily: FONT, width: across ? 180 : undefined, overflow: across ? 'truncate' : undefined },
  };
  const valueAxis = {
    type: 'value',
    minInterval: 1,
    axisLabel: { formatter: (value) => withDigits(String(value), digits), fontFamily: FONT },
  };
  if (across) {
    categoryAxis.position = rtl ? 'right' : 'left';
    valueAxis.inverse = rtl;
  } else {
    valueAxis.position = rtl ? 'right' : 'left';
  }
  return {
    animation: false,
    color: COLOURS,
    textStyle: { fontFamily: FONT },
    grid: { left: kind === 'line' ? 72 : 16, right: kind === 'line' ? 24 : 16, top: series.length > 1 ? 48 : 24, bottom: 8, containLabel: true },
    legend: series.length > 1 ? { top: 0, [rtl ? 'right' : 'left']: 0, align: rtl ? 'right' : 'left', textStyle: { fontFamily: FONT } } : undefined,
    tooltip: {
      trigger: 'axis',
      textStyle: { fontFamily: FONT },
      valueFormatter: number,
    },
    xAxis: across ? valueAxis : categoryAxis,
    yAxis: across ? categoryAxis : valueAxis,
    series: series.map((s) => ({
      name: s.name,
      type: kind,
      data: s.values,
      connectNulls: false,
      stack: kind === 'bar' && series.length > 1 && answer.by[1] === 'outcome' ? 'total' : undefined,
      symbolSize: 6,
    })),
  };
}

// A column's name with its first letter a capital (English's dimension names are written for the middle of a title).
const capitalised = (text) => text.charAt(0).toUpperCase() + text.slice(1);

// Saves a data: URL as a file.
function download(url, name) {
  const link = h('a', { href: url, download: name, hidden: true });
  document.body.appendChild(link);
  link.click();
  link.remove();
}

// A PNG of the chart: the same option drawn once on a canvas off screen (the page's chart is SVG).
function pngOf(option, width, height) {
  const box = h('div', { class: 'chart-offscreen', dir: 'ltr' });
  box.style.width = `${width}px`; // through the CSS object model, which the page's policy allows (a style attribute it does not)
  box.style.height = `${height}px`;
  document.body.appendChild(box);
  const chart = echarts.init(box, null, { renderer: 'canvas', width, height });
  chart.setOption(option);
  const url = chart.getDataURL({ type: 'png', pixelRatio: 2, backgroundColor: '#ffffff' });
  chart.dispose();
  box.remove();
  return url;
}

// A panel: title, chart (kind 'line' or 'bar'), the buttons that download it, the table of its numbers.
// answer: GET /statistics/{indicator}; digits: 'arab' or 'latn'; exports: links to its CSV and XLSX (nodes).
export function chartPanel({ answer, kind, digits, title, testId, exports }) {
  // ECharts lays the chart out itself (the axes are turned for Arabic above): its text must not inherit the page's
  // direction, which would anchor every label on its other end
  const plot = h('div', { class: 'chart-plot', dir: 'ltr', 'data-test': 'chart', role: 'img', 'aria-label': title });
  const series = seriesOf(answer);
  plot.dataset.series = JSON.stringify(series.map((s) => s.values));
  const option = chartOption(answer, kind, digits);
  const fileName = `${answer.indicator}-${answer.from}-${answer.to}`;
  let chart = null;
  const draw = () => {
    if (chart || !plot.isConnected) return;
    chart = echarts.init(plot, null, { renderer: 'svg' });
    chart.setOption(option);
    live.add(chart);
  };
  const saveSvg = () => {
    draw();
    download(chart.getDataURL({ type: 'svg', backgroundColor: '#ffffff' }), `${fileName}.svg`);
  };
  const savePng = () => {
    download(pngOf(option, plot.clientWidth || 640, plot.clientHeight || 320), `${fileName}.png`);
  };
  if (!resizeBound) {
    resizeBound = true;
    window.addEventListener('resize', () => {
      for (const c of live) c.resize();
    });
  }
  const columns = answer.columns || [];
  const single = columns.length === 1;
  const tableColumns = [
    { label: capitalised(t('statistics.dim.' + (answer.by[0] || 'all'))), cell: (row) => rowName(answer, row, digits) },
    ...columns.map((column, c) => ({
      label: single ? t('statistics.count') : keyName(column),
      className: 'number',
      cell: (row) => numberText(answer.cells[row.index * columns.length + c], digits),
    })),
  ];
  if (!single) tableColumns.push({ label: t('statistics.total'), className: 'number', cell: (row) => numberText(row.total, digits) });
  const rows = (answer.rows || []).map((row, index) => ({ ...row, index }));
  const totalRow = { key: 'total', name_ar: t('statistics.total'), name_en: t('statistics.total'), total: answer.total, index: -1 };
  const table = dataTable({
    caption: title,
    testId: testId + '-table',
    columns: tableColumns.map((column, i) => ({
      ...column,
      cell: (row) => {
        if (row.index >= 0) return column.cell(row);
        if (i === 0) return t('statistics.total');
        const c = i - 1;
        if (c < columns.length) return numberText(columns[c].total, digits);
        return numberText(answer.total, digits);
      },
    })),
    rows: [...rows, totalRow],
  });
  const panel = h(
    'section',
    { class: 'chart-panel', 'data-test': testId },
    h(
      'div',
      { class: 'chart-head' },
      h('h2', { class: 'chart-title', text: title }),
      h(
        'div',
        { class: 'chart-actions' },
        h('button', { type: 'button', class: 'button button-small', onclick: savePng, 'data-test': 'chart-png', text: t('statistics.download_png') }),
        h('button', { type: 'button', class: 'button button-small', onclick: saveSvg, 'data-test': 'chart-svg', text: t('statistics.download_svg') }),
        exports || null,
      ),
    ),
    plot,
    table.element,
  );
  // drawn once the panel is on the page (ECharts measures its box)
  requestAnimationFrame(draw);
  return { element: panel, draw };
}
