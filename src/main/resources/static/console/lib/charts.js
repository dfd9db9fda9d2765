// Line charts of training curves with uPlot (from its WebJar), like fastai's
// recorder.plot_losses and plot_metrics. The figures are also in a table for readers
// who do not see the chart.

import uPlot from '../../webjars/uplot/dist/uPlot.esm.js';
import { h } from './dom.js';

const COLOURS = ['#1f77b4', '#d62728', '#2ca02c', '#9467bd', '#ff7f0e', '#8c564b'];

/**
 * A chart of series over x. Options: title, xLabel, yLabel, names (series labels),
 * log (a log y axis), xs, ys (arrays per series). Returns { element, set(xs, ys) }.
 */
export function lineChart({ title, xLabel, yLabel, names, log = false }) {
	const holder = h('div', { class: 'chart', role: 'img', 'aria-label': title, dataset: { points: '0' } });
	const figure = h('figure', { class: 'chart-figure' }, h('figcaption', {}, title), holder);
	let plot = null;
	let data = [[], ...names.map(() => [])];
	const width = () => Math.max(240, Math.min(720, holder.clientWidth || figure.clientWidth || 600));
	const options = () => ({
		width: width(),
		height: 260,
		scales: { x: { time: false }, y: log ? { distr: 3 } : {} },
		axes: [{ label: xLabel }, { label: yLabel, size: 60 }],
		series: [{ label: xLabel }, ...names.map((name, i) => ({
			label: name, stroke: COLOURS[i % COLOURS.length], width: 2, points: { show: true, size: 6 },
		}))],
		legend: { live: false },
		cursor: { drag: { x: false, y: false } },
	});
	const observer = new ResizeObserver(() => {
		if (plot) {
			plot.setSize({ width: width(), height: 260 });
		}
	});
	observer.observe(figure);
	return {
		element: figure,
		set(xs, ys) {
			data = [xs, ...ys];
			if (!plot) {
				if (!holder.isConnected) {
					return;
				}
				plot = new uPlot(options(), data, holder);
			}
			else {
				plot.setData(data);
			}
			holder.dataset.points = String(xs.length);
		},
		destroy() {
			observer.disconnect();
			if (plot) {
				plot.destroy();
			}
		},
	};
}
