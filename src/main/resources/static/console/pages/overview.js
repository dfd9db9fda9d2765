// Overview: the instance from GET /api/v1/system (backend, devices, oneDNN, native
// memory, versions, replicas) and the job queue per device, refreshed every few seconds.

import { h, replace } from '../lib/dom.js';
import { get } from '../lib/api.js';
import { bytes, errorView, every, facts, heading, loadingView, num, refresh, table, time } from '../lib/ui.js';

const REFRESH_MS = 3000;

/** Any JSON value as nested definition lists and lists, all as text. */
function valueView(value, depth = 0) {
	if (value === null || value === undefined) {
		return '–';
	}
	if (Array.isArray(value)) {
		if (!value.length) {
			return 'none';
		}
		if (value.every((item) => typeof item !== 'object' || item === null)) {
			return value.map(String).join(', ');
		}
		return h('ul', { class: 'plain' }, value.map((item) => h('li', {}, valueView(item, depth + 1))));
	}
	if (typeof value === 'object') {
		if (depth > 4) {
			return JSON.stringify(value);
		}
		return facts(Object.entries(value).map(([key, item]) => [key, valueView(item, depth + 1)]));
	}
	if (typeof value === 'number') {
		return num(value);
	}
	return String(value);
}

function queueView(jobs) {
	if (!jobs || !Array.isArray(jobs.devices)) {
		return h('p', {}, 'This replica reports no job queue.');
	}
	return h('div', {},
		table([
			{ label: 'Device', value: (row) => String(row.device) },
			{ label: 'Slots', value: (row) => num(row.slots), numeric: true },
			{ label: 'Running here', value: (row) => (Array.isArray(row.running) && row.running.length
				? h('ul', { class: 'plain' }, row.running.map((id) => h('li', {}, h('a', { href: `#/jobs/${encodeURIComponent(id)}`,
					id: `overview-job-${id}` }, String(id)))))
				: 'idle') },
		], jobs.devices, { caption: 'Jobs per device' }),
		h('p', { class: 'queued', dataset: { queued: String(jobs.queued) } },
			`Queued over all replicas: ${num(jobs.queued)}. `,
			h('a', { href: '#/jobs?status=QUEUED', id: 'overview-queue' }, 'See the queue'), '.'));
}

function reportView(report) {
	const sections = report.sections || {};
	const others = Object.entries(sections).filter(([name]) => name !== 'jobs');
	return [
		h('section', { class: 'card' }, h('h2', {}, 'Job queue'), queueView(sections.jobs)),
		h('section', { class: 'card' }, h('h2', {}, 'Backend'), valueView(report.backend),
			h('h3', {}, 'Devices'),
			table([
				{ label: 'Id', value: (d) => String(d.id) },
				{ label: 'Kind', value: (d) => String(d.kind) },
				{ label: 'Name', value: (d) => String(d.name ?? '') },
				{ label: 'Memory', value: (d) => bytes(d.totalMemory), numeric: true },
				{ label: 'Free', value: (d) => bytes(d.freeMemory), numeric: true },
			], report.devices || [], { caption: 'Devices' }),
			h('h3', {}, 'Threads'), valueView(report.threads)),
		others.map(([name, content]) => h('section', { class: 'card', dataset: { section: name } },
			h('h2', {}, name === 'onednn' ? 'oneDNN' : name === 'nativeMemory' ? 'Native memory'
				: name.charAt(0).toUpperCase() + name.slice(1)), valueView(content))),
		h('section', { class: 'card' }, h('h2', {}, 'Replicas'),
			h('p', {}, 'This replica: ', String(report.instance)),
			table([
				{ label: 'Id', value: (i) => String(i.id) },
				{ label: 'Host', value: (i) => String(i.host ?? '') },
				{ label: 'Started', value: (i) => time(i.startedAt) },
				{ label: 'Last heartbeat', value: (i) => time(i.heartbeatAt) },
			], report.instances || [], { caption: 'Replicas sharing the database' }),
			h('h3', {}, 'Versions'), valueView(report.versions)),
	];
}

export default {
	section: 'overview',
	async render({ main, signal }) {
		const updated = h('p', { class: 'muted', 'aria-live': 'off' });
		const body = h('div', { class: 'cards' }, loadingView('Loading the system report'));
		const problem = h('div', { 'aria-live': 'polite' });
		main.append(heading('Overview'),
			h('p', {}, 'This Lantern instance, refreshed every few seconds. Start with ',
				h('a', { href: '#/datasets' }, 'a dataset'), ', then ', h('a', { href: '#/train' }, 'train'), '.'),
			problem, updated, body);
		every(REFRESH_MS, signal, async () => {
			try {
				const report = await get('api/v1/system', { signal });
				replace(problem);
				refresh(body, reportView(report));
				updated.textContent = `Updated ${new Date().toLocaleTimeString()}`;
			}
			catch (error) {
				if (error.name !== 'AbortError') {
					replace(problem, errorView(error));
				}
			}
		});
	},
};
