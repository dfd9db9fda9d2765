// Jobs: the queue and its history with filters by status and type, refreshed while open.

import { h, replace } from '../lib/dom.js';
import { get, seg } from '../lib/api.js';
import { duration, errorView, every, heading, loadingView, num, refresh, statusBadge, table, time } from '../lib/ui.js';

const STATUSES = ['QUEUED', 'RUNNING', 'SUCCEEDED', 'FAILED', 'CANCELLED'];
const PAGE_SIZE = 20;
const REFRESH_MS = 3000;

function progressText(job) {
	const p = job.progress;
	if (!p) {
		return job.status === 'QUEUED' && job.queuePosition ? `#${job.queuePosition} in the queue` : '';
	}
	const parts = [];
	if (p.epoch !== null && p.epoch !== undefined && p.totalEpochs) {
		parts.push(`epoch ${Math.min(p.epoch + 1, p.totalEpochs)}/${p.totalEpochs}`);
	}
	if (p.fraction !== null && p.fraction !== undefined) {
		parts.push(`${Math.round(p.fraction * 100)}%`);
	}
	if (job.status === 'RUNNING' && p.etaSeconds !== null && p.etaSeconds !== undefined) {
		parts.push(`ETA ${duration(p.etaSeconds)}`);
	}
	return parts.join(' · ');
}

function filters(query, navigate, types) {
	const status = query.get('status') || '';
	const type = query.get('type') || '';
	const go = (changes) => {
		const next = new URLSearchParams({ status, type, ...changes });
		[...next.keys()].forEach((key) => {
			if (!next.get(key)) {
				next.delete(key);
			}
		});
		next.delete('page');
		const text = next.toString();
		navigate(`/jobs${text ? `?${text}` : ''}`);
	};
	const statusSelect = h('select', { id: 'filter-status', onchange: (event) => go({ status: event.target.value }) },
		h('option', { value: '' }, 'Any status'),
		STATUSES.map((s) => h('option', { value: s, selected: s === status }, s.toLowerCase())));
	const typeSelect = h('select', { id: 'filter-type', onchange: (event) => go({ type: event.target.value }) },
		h('option', { value: '' }, 'Any type'),
		[...new Set([...types, type].filter(Boolean))].map((t) => h('option', { value: t, selected: t === type }, t)));
	return h('div', { class: 'filters' },
		h('div', { class: 'field' }, h('label', { for: 'filter-status' }, 'Status'), statusSelect),
		h('div', { class: 'field' }, h('label', { for: 'filter-type' }, 'Type'), typeSelect));
}

function pager(query, navigate, page, total) {
	const pages = Math.max(1, Math.ceil(total / PAGE_SIZE));
	const go = (target) => {
		const next = new URLSearchParams(query);
		next.set('page', String(target));
		navigate(`/jobs?${next.toString()}`);
	};
	return h('nav', { class: 'pager', 'aria-label': 'Pages of jobs' },
		h('button', { type: 'button', id: 'jobs-newer', class: 'secondary', disabled: page <= 0, onclick: () => go(page - 1) },
			'Newer'),
		h('span', {}, `Page ${page + 1} of ${pages} (${num(total)} jobs)`),
		h('button', { type: 'button', id: 'jobs-older', class: 'secondary', disabled: page + 1 >= pages,
			onclick: () => go(page + 1) }, 'Older'));
}

export default {
	section: 'jobs',
	async render({ main, query, signal, navigate }) {
		const page = Math.max(0, Number.parseInt(query.get('page') || '0', 10) || 0);
		const filterHolder = h('div', {});
		const list = h('div', { id: 'job-list' }, loadingView('Loading the jobs'));
		const problem = h('div', { 'aria-live': 'polite' });
		main.append(heading('Jobs'),
			h('p', {}, 'Newest first. ', h('a', { href: '#/train' }, 'Start a training job'), '.'),
			filterHolder, problem, list);
		get('api/v1/jobs/types', { signal })
			.then((types) => replace(filterHolder, filters(query, navigate, types.map((t) => t.name))))
			.catch(() => replace(filterHolder, filters(query, navigate, [])));
		const params = new URLSearchParams({ page: String(page), size: String(PAGE_SIZE) });
		['status', 'type'].forEach((key) => {
			if (query.get(key)) {
				params.set(key, query.get(key));
			}
		});
		let last = null;
		every(REFRESH_MS, signal, async () => {
			try {
				const result = await get(`api/v1/jobs?${params.toString()}`, { signal });
				replace(problem);
				const fingerprint = JSON.stringify(result);
				if (fingerprint === last) {
					return;
				}
				last = fingerprint;
				refresh(list, table([
					{ label: 'Job', value: (job) => h('a', { href: `#/jobs/${seg(job.id)}`, id: `job-link-${job.id}` },
						String(job.id).slice(0, 8)) },
					{ label: 'Type', value: (job) => String(job.type) },
					{ label: 'Status', value: (job) => statusBadge(job.status) },
					{ label: 'Model', value: (job) => {
						const name = job.result?.modelName ?? job.spec?.model ?? job.spec?.modelName;
						return name ? String(name) + (job.result?.modelVersion ? ` v${job.result.modelVersion}` : '') : '';
					} },
					{ label: 'Progress', value: progressText },
					{ label: 'Device', value: (job) => String(job.device ?? '') },
					{ label: 'Submitted', value: (job) => time(job.createdAt) },
				], result.items, { caption: 'Jobs', empty: 'No jobs match.' }), pager(query, navigate, page, result.total));
			}
			catch (error) {
				if (error.name !== 'AbortError') {
					replace(problem, errorView(error));
				}
			}
		});
	},
};
