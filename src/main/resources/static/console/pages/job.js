// A job: live progress over Server-Sent Events (epoch, step, ETA), the loss and metric
// curves growing as epochs end, the result or the error, and cancel. What the page shows
// is a list of sections per job type (jobtypes.js); jobSections holds how each is drawn.
// A learning-rate finder job shows its plot and suggestions, each with a link to the
// training form filled in with that rate; a training job its kept files (curves, and the
// finder's plot when a rate was "auto") once it ends.

import { h, replace } from '../lib/dom.js';
import { events, get, post, seg } from '../lib/api.js';
import { lineChart } from '../lib/charts.js';
import { act, duration, errorView, facts, heading, loadingView, num, outcomeRegion, sleep, statusBadge, table, time }
	from '../lib/ui.js';
import { downloadButton, filesView, imageFigure } from '../lib/files.js';
import { jobType, jobTypes } from '../jobtypes.js';

const FINAL = new Set(['SUCCEEDED', 'FAILED', 'CANCELLED']);

/**
 * Whether a result figure was chosen by the server from the data: the type says which
 * figures it may choose so (jobtypes.js `fromData`), the spec left it out and the server
 * has no configured default for it (GET /api/v1/jobs/types).
 */
let typeDefaults = null;
async function fromDataCheck(job, signal) {
	const names = jobType(job.type).fields?.filter((field) => field.fromData).map((field) => field.name) || [];
	if (!names.length) {
		return () => false;
	}
	// Read once per visit of the console; not tied to one page's signal, and read again
	// after a failure.
	typeDefaults = typeDefaults || get('api/v1/jobs/types').catch((error) => {
		typeDefaults = null;
		throw error;
	});
	const types = await typeDefaults;
	if (signal.aborted) {
		throw new DOMException('The page was left', 'AbortError');
	}
	const type = types.find((candidate) => candidate.name === job.type);
	const defaults = (type && type.defaults) || {};
	const spec = job.spec || {};
	return (key) => names.includes(key) && (spec[key] === undefined || spec[key] === null)
		&& (defaults[key] === undefined || defaults[key] === null);
}

/** A figure, marked "from the data" when the server chose it from the data. */
function figure(key, value, fromData) {
	return h('span', { dataset: { figure: key } }, typeof value === 'number' ? num(value) : String(value),
		fromData(key) ? [' ', h('span', { class: 'from-data' }, 'from the data')] : null);
}

/** fastai's suggestions, in the order lr_find gives them. */
const SUGGESTIONS = [
	['valley', 'valley: the middle of the longest descent of the loss (fastai\'s default)'],
	['steep', 'steep: where the loss falls fastest'],
	['minimum', 'minimum/10: a tenth of the rate at the lowest loss'],
];

/** A finder job's spec as the query of the training form, with the rate set. */
function trainQuery(job, rate) {
	const target = jobType(job.type).trainWith;
	const fields = jobTypes[target.type].fields;
	const params = new URLSearchParams();
	for (const field of fields) {
		const value = field.name.split('.').reduce((v, key) => (v == null ? undefined : v[key]), job.spec || {});
		if (value !== undefined && value !== null && typeof value !== 'object') {
			params.set(field.name, String(value));
		}
		else if (Array.isArray(value)) {
			params.set(field.name, value.join(', '));
		}
	}
	// Three significant digits, as fastai prints its suggestions (0.1, not 0.09999999999999998).
	params.set(target.rate(job.spec || {}), String(Number(rate.toPrecision(3))));
	params.set('fromJob', String(job.id));
	return `#/train/${seg(target.type)}?${params}`;
}

/** The suggestions of a sweep as a table; with a job, each row links to training at that rate. */
function suggestionsTable(sweep, job) {
	const suggestions = sweep.suggestions || {};
	const rows = SUGGESTIONS.filter(([name]) => typeof suggestions[name] === 'number')
		.map(([name, label]) => ({ name, label, rate: suggestions[name] }));
	return table([
		{ label: 'Suggestion', value: (row) => row.label },
		{ label: 'Learning rate', value: (row) => h('span', { class: 'rate', dataset: { suggestion: row.name } },
			num(row.rate, 3)), numeric: true },
		...(job ? [{ label: '', value: (row) => h('a', { class: 'button small train-with', href: trainQuery(job, row.rate),
			dataset: { suggestion: row.name }, 'aria-label': `Train with the ${row.name} rate, ${num(row.rate, 3)}` },
		'Train with this rate') }] : []),
	], rows, { caption: 'fastai\'s suggestions', className: 'suggestions',
		empty: 'No suggestion: too few steps were left once the first iterations/10 and the last 5 are left out.' });
}

/** How a sweep went: steps, how it stopped, its note. */
function sweepFacts(sweep, extra = []) {
	return [
		facts([
			...extra,
			['Steps', sweep.steps !== undefined ? `${num(sweep.steps)} of ${num(sweep.iterations)}` : undefined],
			['Rates', sweep.startLr !== undefined ? `${num(sweep.startLr, 3)} to ${num(sweep.endLr, 3)}` : undefined],
			['Stopped', sweep.stopped ? String(sweep.stopped) : undefined],
		]),
		sweep.note ? h('p', { class: 'note' }, String(sweep.note)) : null,
	];
}

/** The kept PNG of a finder (lr-find.png, lr-find-<stage>.png), by name. */
function finderPlot(job, name, signal) {
	return imageFigure(`api/v1/jobs/${seg(job.id)}/artifacts/${seg(name)}`, name, signal);
}

function progressSection() {
	const bar = h('progress', { max: '1', value: '0', id: 'job-progress', 'aria-label': 'Progress of the job' });
	const line = h('p', { id: 'job-progress-text' });
	const details = h('div', {});
	return {
		element: h('section', { class: 'card' }, h('h2', {}, 'Progress'), bar, line, details),
		update(job) {
			const p = job.progress || {};
			if (p.fraction !== null && p.fraction !== undefined) {
				bar.value = job.status === 'SUCCEEDED' ? 1 : p.fraction;
			}
			else if (job.status === 'SUCCEEDED') {
				bar.value = 1;
			}
			else if (FINAL.has(job.status)) {
				bar.value = 0;
			}
			else if (job.status === 'RUNNING') {
				bar.removeAttribute('value');
			}
			const parts = [];
			if (job.status === 'QUEUED') {
				parts.push(job.queuePosition ? `Waiting: number ${job.queuePosition} in the queue.` : 'Waiting in the queue.');
			}
			if (p.totalEpochs) {
				parts.push(`Epoch ${Math.min((p.epoch ?? 0) + 1, p.totalEpochs)} of ${p.totalEpochs}.`);
			}
			if (p.totalSteps) {
				parts.push(`Step ${num(p.step ?? 0)} of ${num(p.totalSteps)}.`);
			}
			if (p.elapsedSeconds) {
				parts.push(`Elapsed ${duration(p.elapsedSeconds)}.`);
			}
			if (job.status === 'RUNNING' && p.etaSeconds !== null && p.etaSeconds !== undefined) {
				parts.push(`About ${duration(p.etaSeconds)} left.`);
			}
			line.textContent = parts.join(' ');
			replace(details, facts([
				['Device', job.device ? String(job.device) : undefined],
				['Replica', job.instance ? String(job.instance) : undefined],
				['Attempt', job.attempt ? num(job.attempt) : undefined],
				['Submitted', time(job.createdAt)],
				['Started', job.startedAt ? time(job.startedAt) : undefined],
				['Finished', job.finishedAt ? time(job.finishedAt) : undefined],
			]));
		},
	};
}

function curvesSection() {
	const losses = lineChart({ title: 'Training and validation loss', xLabel: 'epoch', yLabel: 'loss',
		names: ['train loss', 'valid loss'] });
	losses.element.id = 'loss-chart';
	let metrics = null;
	let metricNames = [];
	const metricHolder = h('div', {});
	const figures = h('div', {});
	const empty = h('p', { class: 'muted' }, 'The curves appear when the first epoch ends.');
	const charts = h('div', { class: 'charts', hidden: true }, losses.element, metricHolder);
	const table_ = h('details', { hidden: true }, h('summary', {}, 'Figures per epoch'), figures);
	const element = h('section', { class: 'card' }, h('h2', {}, 'Curves'), empty, charts, table_);
	let shown = '';
	return {
		element,
		destroy() {
			losses.destroy();
			if (metrics) {
				metrics.destroy();
			}
		},
		update(job) {
			const history = job.history || [];
			const key = `${history.length}${FINAL.has(job.status) ? ' final' : ''}`;
			if (key === shown) {
				return;
			}
			shown = key;
			empty.hidden = history.length > 0;
			charts.hidden = history.length === 0;
			table_.hidden = history.length === 0;
			if (!history.length) {
				empty.textContent = FINAL.has(job.status) ? 'No epoch ended.' : 'The curves appear when the first epoch ends.';
				return;
			}
			const xs = history.map((e) => e.epoch + 1);
			losses.set(xs, [history.map((e) => e.trainLoss), history.map((e) => e.validLoss ?? null)]);
			const names = [...new Set(history.flatMap((e) => Object.keys(e.metrics || {})))];
			if (names.length && names.join() !== metricNames.join()) {
				metricNames = names;
				if (metrics) {
					metrics.destroy();
				}
				metrics = lineChart({ title: 'Metrics', xLabel: 'epoch', yLabel: 'value', names });
				metrics.element.id = 'metric-chart';
				replace(metricHolder, metrics.element);
			}
			if (metrics) {
				metrics.set(xs, names.map((name) => history.map((e) => e.metrics?.[name] ?? null)));
			}
			replace(figures, table([
				{ label: 'Epoch', value: (e) => num(e.epoch + 1), numeric: true },
				{ label: 'Train loss', value: (e) => num(e.trainLoss), numeric: true },
				{ label: 'Valid loss', value: (e) => num(e.validLoss), numeric: true },
				...names.map((name) => ({ label: name, value: (e) => num(e.metrics?.[name]), numeric: true })),
			], history, { caption: 'Figures per epoch', className: 'history' }));
		},
	};
}

function resultSection(first, signal) {
	const body = h('div', {}, h('p', { class: 'muted' }, 'The result shows when the job has finished.'));
	let shown = false;
	return {
		element: h('section', { class: 'card', id: 'job-result' }, h('h2', {}, 'Result'), body),
		async update(job) {
			if (job.status === 'FAILED' || job.status === 'CANCELLED') {
				replace(body, h('p', { class: 'muted' }, job.status === 'FAILED' ? 'No result: the job failed.'
					: 'No result: the job was cancelled.'));
				return;
			}
			if (shown || job.status !== 'SUCCEEDED' || !job.result) {
				return;
			}
			shown = true;
			const result = job.result;
			const model = result.modelName;
			const details = result.details || {};
			// Values the spec left open and the server chose from the data (tabular batch size,
			// epochs, rate) say so.
			let fromData = () => false;
			try {
				fromData = await fromDataCheck(job, signal);
			}
			catch (error) {
				if (error.name === 'AbortError') {
					return;
				}
			}
			const figures = Object.entries(details)
				.filter(([, value]) => typeof value === 'number' || typeof value === 'string')
				.map(([key, value]) => [key, figure(key, value, fromData)]);
			const metrics = details.metrics && typeof details.metrics === 'object'
				? Object.entries(details.metrics).map(([key, value]) => [key, num(value)]) : [];
			replace(body,
				model ? h('p', {}, 'Published ', h('a', { href: `#/models/${seg(model)}/versions/${seg(result.modelVersion)}` },
					`${model} version ${result.modelVersion}`), '. ',
				h('a', { class: 'button', href: `#/try/${seg(model)}?version=${seg(result.modelVersion)}` }, 'Try it')) : null,
				facts([...metrics, ...figures]));
		},
	};
}

function specSection() {
	const pre = h('pre', { class: 'code' });
	return {
		element: h('section', { class: 'card' }, h('details', {}, h('summary', {}, 'Spec as submitted'), pre)),
		update(job) {
			pre.textContent = JSON.stringify(job.spec, null, 2);
		},
	};
}

/** A finder job: its plot, suggestions (each a link to train at that rate), how it stopped. */
function finderSection(job, signal) {
	const body = h('div', {}, h('p', { class: 'muted' }, 'The plot and the suggestions show when the sweep has ended.'));
	let shown = false;
	return {
		element: h('section', { class: 'card', id: 'finder' }, h('h2', {}, 'Learning rate finder'), body),
		async update(current) {
			if (shown || !FINAL.has(current.status)) {
				return;
			}
			shown = true;
			if (current.status !== 'SUCCEEDED' || !current.result) {
				replace(body, h('p', { class: 'muted' }, current.status === 'FAILED' ? 'No sweep: the job failed.'
					: 'No sweep: the job was cancelled.'));
				return;
			}
			const sweep = current.result.details || {};
			const names = Array.isArray(sweep.artifacts) ? sweep.artifacts.map(String) : [];
			let fromData = () => false;
			try {
				fromData = await fromDataCheck(current, signal);
			}
			catch (error) {
				if (error.name === 'AbortError') {
					return;
				}
			}
			replace(body,
				h('div', { class: 'artifacts' }, names.filter((name) => name.endsWith('.png'))
					.map((name) => finderPlot(current, name, signal))),
				h('h3', {}, 'Suggestions'),
				h('p', { class: 'muted' }, 'Pick a rate a little before the loss is lowest; "Train with this rate" opens '
					+ 'the training form with this job\'s data and network and that rate.'),
				suggestionsTable(sweep, current),
				sweepFacts(sweep, [['Batch size', typeof sweep.batchSize === 'number'
					? figure('batchSize', sweep.batchSize, fromData) : undefined]]),
				h('p', { class: 'row-actions' }, 'The series (rates, losses, smoothed losses): ',
					names.filter((name) => name.endsWith('.json')).map((name) =>
						downloadButton(`api/v1/jobs/${seg(current.id)}/artifacts/${seg(name)}`, name, signal, name))));
		},
	};
}

/** The rate(s) the finder chose for an "auto" training job, with the finder's plot. */
function autoRateSection(job, signal) {
	const spec = job.spec || {};
	const stages = [['learningRate', null], ['frozenLr', 'frozen'], ['unfrozenLrMax', 'unfrozen']]
		.filter(([field]) => String(spec[field]).toLowerCase() === 'auto');
	if (!stages.length) {
		return { element: null, update() {} };
	}
	const body = h('div', {}, h('p', { class: 'muted' }, 'The finder runs at the start of the job; the rate it chose '
		+ 'shows when the job has ended.'));
	let shown = false;
	return {
		element: h('section', { class: 'card', id: 'auto-rate' }, h('h2', {}, 'Learning rate chosen by the finder'), body),
		update(current) {
			if (shown || current.status !== 'SUCCEEDED' || !current.result) {
				return;
			}
			shown = true;
			const details = current.result.details || {};
			const parts = stages.map(([field, stage]) => {
				const sweep = stage ? (details.lrFind || {})[stage] : details.lrFind;
				const rate = stage ? (details.learningRates || {})[field] : details.learningRate;
				const name = stage ? `lr-find-${stage}.png` : 'lr-find.png';
				return h('div', { class: 'auto-stage' },
					h('h3', {}, stage ? `${field} (${stage} stage)` : field),
					h('p', {}, 'Trained at ', h('strong', { class: 'chosen-rate', dataset: { field } },
						typeof rate === 'number' ? num(rate, 3) : '–'),
					sweep && sweep.suggestions && typeof sweep.suggestions.valley === 'number'
						? ', the finder\'s valley.' : ': the finder gave no suggestion, so the stage kept lesson 6\'s rate.'),
					sweep ? [suggestionsTable(sweep, null), sweepFacts(sweep)] : null,
					Array.isArray(details.artifacts) && details.artifacts.includes(name)
						? h('div', { class: 'artifacts' }, finderPlot(current, name, signal)) : null);
			});
			replace(body, parts);
		},
	};
}

/** A training job's kept files once it ends: the curves' plots and data, the finder's. */
function filesSection(job, signal) {
	const body = h('div', {}, h('p', { class: 'muted' }, 'The training curves (per batch, as fastai\'s plot_loss) '
		+ 'are kept when the job ends.'));
	let shown = false;
	return {
		element: h('section', { class: 'card', id: 'job-files' }, h('h2', {}, 'Kept files'), body),
		update(current) {
			if (shown || !FINAL.has(current.status)) {
				return;
			}
			shown = true;
			// The finder's plots are shown with the chosen rate above.
			filesView(body, `api/v1/jobs/${seg(current.id)}/artifacts`, signal,
				{ show: (name) => !name.startsWith('lr-find'), empty: 'The job kept no files.' });
		},
	};
}

/** How each section of a job page is drawn; a job type lists the ones it shows. */
export const jobSections = {
	progress: progressSection,
	curves: curvesSection,
	result: resultSection,
	finder: finderSection,
	autoRate: autoRateSection,
	files: filesSection,
	spec: specSection,
};

function header(job, signal, onChange) {
	const region = outcomeRegion();
	const cancel = h('button', { type: 'button', class: 'danger', id: 'cancel-job', onclick: async () => {
		const updated = await act(cancel, region, () => post(`api/v1/jobs/${seg(job.id)}/cancel`, undefined, { signal }),
			'Cancelling');
		if (updated) {
			onChange(updated);
		}
	} }, 'Cancel the job');
	const status = h('p', { class: 'job-status', 'aria-live': 'polite' });
	const error = h('div', { id: 'job-error' });
	return {
		element: h('div', { class: 'card' }, status, h('div', { class: 'row-actions' }, cancel, region), error),
		update(current) {
			replace(status, 'Status: ', statusBadge(current.status),
				current.cancelRequested && !FINAL.has(current.status) ? ' (cancel requested)' : '');
			cancel.hidden = FINAL.has(current.status);
			if (current.error) {
				replace(error, h('div', { class: 'error-box', role: 'alert' },
					h('p', { class: 'error-title' }, current.status === 'CANCELLED' ? 'Cancelled' : 'The job failed'),
					h('p', { class: 'error-detail' }, String(current.error))));
			}
		},
	};
}

/** Follows a job until it ends: its event stream, or polling where the stream fails. */
async function follow(id, signal, onView, onTrouble) {
	let failures = 0;
	let final = false;
	while (!signal.aborted && !final) {
		try {
			await events(`api/v1/jobs/${seg(id)}/events`, {
				signal,
				onEvent: (name, data) => {
					const view = JSON.parse(data);
					onView(view);
					final = FINAL.has(view.status);
				},
			});
			failures = 0;
			onTrouble(null);
		}
		catch (error) {
			if (error.name === 'AbortError') {
				return;
			}
			failures += 1;
			onTrouble(error);
			if (error.status === 404) {
				return;
			}
			// The stream failed: read the job instead, then try the stream again.
			try {
				const view = await get(`api/v1/jobs/${seg(id)}`, { signal });
				onView(view);
				final = FINAL.has(view.status);
			}
			catch (readError) {
				if (readError.name === 'AbortError') {
					return;
				}
			}
		}
		if (!final) {
			await sleep(Math.min(10000, 1000 * 2 ** Math.min(failures, 4)), signal);
		}
	}
}

export default {
	section: 'jobs',
	async render({ main, params, signal }) {
		const title = heading('Job');
		const body = h('div', { class: 'cards' }, loadingView('Loading the job'));
		const trouble = h('div', { 'aria-live': 'polite' });
		main.append(h('p', { class: 'breadcrumb' }, h('a', { href: '#/jobs' }, 'Jobs')), title, trouble, body);
		let job;
		try {
			job = await get(`api/v1/jobs/${seg(params.id)}`, { signal });
		}
		catch (error) {
			if (error.name !== 'AbortError') {
				replace(body, errorView(error));
			}
			return;
		}
		const description = jobType(job.type);
		title.textContent = `${description.title}: job ${String(job.id).slice(0, 8)}`;
		document.title = `Job ${String(job.id).slice(0, 8)} · Lantern`;
		const sections = [];
		let ended = false;
		const update = (view) => {
			// An ended job stays ended: a reply sent before the end (the cancel request's, under load) can arrive
			// after the stream's last event.
			if (ended && !FINAL.has(view.status)) {
				return;
			}
			ended = FINAL.has(view.status);
			main.dataset.jobStatus = view.status;
			sections.forEach((section) => section.update(view));
		};
		sections.push(header(job, signal, update));
		for (const name of description.sections) {
			const make = jobSections[name];
			if (make) {
				sections.push(make(job, signal));
			}
		}
		replace(body, sections.map((section) => section.element).filter(Boolean));
		update(job);
		if (!FINAL.has(job.status)) {
			follow(job.id, signal, update, (error) => {
				replace(trouble, error ? h('div', { class: 'muted' }, 'Live updates were interrupted; reconnecting. ',
					errorView(error)) : null);
			});
		}
		signal.addEventListener('abort', () => sections.forEach((section) => section.destroy?.()));
	},
};
