// A job: live progress over Server-Sent Events (epoch, step, ETA), the loss and metric
// curves growing as epochs end, the result or the error, and cancel. What the page shows
// is a list of sections per job type (jobtypes.js); jobSections holds how each is drawn.

import { h, replace } from '../lib/dom.js';
import { events, get, post, seg } from '../lib/api.js';
import { lineChart } from '../lib/charts.js';
import { act, duration, errorView, facts, heading, loadingView, num, outcomeRegion, sleep, statusBadge, table, time }
	from '../lib/ui.js';
import { jobType } from '../jobtypes.js';

const FINAL = new Set(['SUCCEEDED', 'FAILED', 'CANCELLED']);

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

function resultSection() {
	const body = h('div', {}, h('p', { class: 'muted' }, 'The result shows when the job has finished.'));
	return {
		element: h('section', { class: 'card', id: 'job-result' }, h('h2', {}, 'Result'), body),
		update(job) {
			if (job.status === 'FAILED' || job.status === 'CANCELLED') {
				replace(body, h('p', { class: 'muted' }, job.status === 'FAILED' ? 'No result: the job failed.'
					: 'No result: the job was cancelled.'));
				return;
			}
			if (job.status !== 'SUCCEEDED' || !job.result) {
				return;
			}
			const result = job.result;
			const model = result.modelName;
			const details = result.details || {};
			const figures = Object.entries(details)
				.filter(([, value]) => typeof value === 'number' || typeof value === 'string')
				.map(([key, value]) => [key, typeof value === 'number' ? num(value) : value]);
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

/** How each section of a job page is drawn; a job type lists the ones it shows. */
export const jobSections = {
	progress: progressSection,
	curves: curvesSection,
	result: resultSection,
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
		const update = (view) => {
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
		replace(body, sections.map((section) => section.element));
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
