// Shared pieces of the pages: loading and error states, problem messages, tables,
// number and time formats.

import { h, replace } from './dom.js';
import { ApiError } from './api.js';

/**
 * Replaces a container's children, giving focus back to the element of the same id if
 * it had focus (so that a refresh does not throw a keyboard user out of the page).
 */
export function refresh(container, ...children) {
	const active = document.activeElement;
	const id = active && container.contains(active) ? active.id : null;
	replace(container, ...children);
	if (id) {
		const again = document.getElementById(id);
		if (again) {
			again.focus();
		}
	}
}

/** A polite status line ("Loading …"). */
export function loadingView(what = 'Loading') {
	return h('p', { class: 'loading', role: 'status' }, `${what}…`);
}

/** What to tell a person about a 401: where the key comes from and where it goes. */
function unauthorizedHelp(error) {
	const refused = error.sentKey;
	return h('div', { class: 'help' },
		h('p', {}, refused
			? 'The API key stored in this tab was not accepted. Check it, or forget it to read without a key.'
			: 'This needs an API key: Lantern accepts changes (uploads, jobs, deletes, model changes) only with one, '
				+ 'and reads too when the server protects them.'),
		h('p', {}, 'Enter the key on the ', h('a', { href: '#/key' }, 'API key page'),
			'; it is kept for this browser tab only. Keys are set on the server with lantern.security.api-keys; '
			+ 'without one, Lantern generated a key on its first start into the file api-key of its data directory '
			+ '(./data/api-key by default) and logged where.'));
}

/**
 * An error message for a failed request or a broken page: the problem's title and
 * detail, field errors, and what to do for 401, 403, 413, 429 and 503. Never a stack trace.
 */
export function errorView(error, { retry } = {}) {
	const box = h('div', { class: 'error-box', role: 'alert' });
	if (error instanceof ApiError) {
		const problem = error.problem;
		box.append(h('p', { class: 'error-title' },
			error.status ? `${problem.title || 'Request failed'} (${error.status})` : problem.title));
		if (problem.detail) {
			box.append(h('p', { class: 'error-detail' }, problem.detail));
		}
		if (problem.errors && problem.errors.length) {
			box.append(h('ul', { class: 'error-list' }, problem.errors.map((item) =>
				h('li', {}, `${item.field ?? ''}${item.field ? ': ' : ''}${item.message ?? ''}`))));
		}
		if (error.status === 401) {
			box.append(unauthorizedHelp(error));
		}
		else if (error.status === 403) {
			box.append(h('p', {}, 'The API key in use may not do this.'));
		}
		else if ((error.status === 429 || error.status === 503) && error.retryAfter) {
			box.append(h('p', {}, `Lantern is busy; try again in ${error.retryAfter} s.`));
		}
	}
	else {
		box.append(h('p', { class: 'error-title' }, 'Something went wrong in the console'),
			h('p', { class: 'error-detail' }, String(error && error.message ? error.message : error)));
	}
	if (retry) {
		box.append(h('button', { type: 'button', class: 'secondary', onclick: retry }, 'Try again'));
	}
	return box;
}

/**
 * Shows a loading state in the container, runs load(), then render(result) into the
 * container; on failure an error with a retry button. Aborted loads render nothing.
 */
export async function load(container, loadFn, render, what) {
	replace(container, loadingView(what));
	try {
		const result = await loadFn();
		replace(container);
		await render(result);
		return result;
	}
	catch (error) {
		if (error && error.name === 'AbortError') {
			return undefined;
		}
		replace(container, errorView(error, { retry: () => load(container, loadFn, render, what) }));
		return undefined;
	}
}

/** A region for the outcome of an action (a button's request). */
export function outcomeRegion() {
	return h('div', { class: 'outcome', 'aria-live': 'polite' });
}

/**
 * Runs an action for a button: disables it, shows "working" in the region, then the
 * error if it fails. Returns the result, or undefined on failure.
 */
export async function act(button, region, action, working = 'Working') {
	if (button) {
		button.disabled = true;
	}
	replace(region, loadingView(working));
	try {
		const result = await action();
		replace(region);
		return result;
	}
	catch (error) {
		if (!(error && error.name === 'AbortError')) {
			replace(region, errorView(error));
		}
		return undefined;
	}
	finally {
		if (button) {
			button.disabled = false;
		}
	}
}

/**
 * A table: columns are { label, value(row) → node or text, numeric }. Wrapped so that it
 * scrolls sideways on narrow screens.
 */
export function table(columns, rows, { caption, empty = 'Nothing here yet.', className } = {}) {
	if (!rows.length) {
		return h('p', { class: 'empty' }, empty);
	}
	return h('div', { class: 'table-wrap', tabindex: '0', role: 'region', 'aria-label': caption || 'Table' },
		h('table', { class: className },
			caption ? h('caption', {}, caption) : null,
			h('thead', {}, h('tr', {}, columns.map((column) =>
				h('th', { scope: 'col', class: column.numeric ? 'num' : null }, column.label)))),
			h('tbody', {}, rows.map((row) => h('tr', {}, columns.map((column) => {
				const value = column.value(row);
				return h('td', { class: column.numeric ? 'num' : null }, value ?? '');
			}))))));
}

/** A definition list of label → value pairs; values are text or nodes. */
export function facts(pairs) {
	return h('dl', { class: 'facts' }, pairs.filter((pair) => pair && pair[1] !== undefined && pair[1] !== null)
		.map(([label, value]) => [h('dt', {}, label), h('dd', {}, value)]));
}

/** A number for people: integers with separators, others with 4 significant digits. */
export function num(value, digits = 4) {
	if (value === null || value === undefined || Number.isNaN(value)) {
		return '–';
	}
	if (typeof value !== 'number') {
		return String(value);
	}
	if (Number.isInteger(value)) {
		return value.toLocaleString('en');
	}
	const abs = Math.abs(value);
	if (abs !== 0 && (abs < 1e-3 || abs >= 1e6)) {
		return value.toExponential(digits - 1);
	}
	return Number(value.toPrecision(digits)).toLocaleString('en', { maximumFractionDigits: 8 });
}

/** Bytes as KiB, MiB, GiB. */
export function bytes(value) {
	if (typeof value !== 'number') {
		return '–';
	}
	const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
	let v = value;
	let unit = 0;
	while (Math.abs(v) >= 1024 && unit < units.length - 1) {
		v /= 1024;
		unit += 1;
	}
	return `${unit === 0 ? v : v.toFixed(1)} ${units[unit]}`;
}

/** Seconds as "1 h 2 min", "3 min 4 s", "5.6 s". */
export function duration(seconds) {
	if (seconds === null || seconds === undefined || !Number.isFinite(seconds)) {
		return '–';
	}
	const s = Math.max(0, seconds);
	if (s < 60) {
		return `${s.toFixed(s < 10 ? 1 : 0)} s`;
	}
	const minutes = Math.floor(s / 60);
	if (minutes < 60) {
		return `${minutes} min ${Math.round(s % 60)} s`;
	}
	return `${Math.floor(minutes / 60)} h ${minutes % 60} min`;
}

/** A timestamp in the reader's locale, with the ISO value as the title. */
export function time(iso) {
	if (!iso) {
		return '–';
	}
	const date = new Date(iso);
	if (Number.isNaN(date.getTime())) {
		return String(iso);
	}
	return h('time', { datetime: date.toISOString(), title: date.toISOString() }, date.toLocaleString());
}

/** A job status as a coloured badge (the colour comes from the status class). */
export function statusBadge(status) {
	const known = ['QUEUED', 'RUNNING', 'SUCCEEDED', 'FAILED', 'CANCELLED'];
	const name = known.includes(status) ? status.toLowerCase() : 'unknown';
	return h('span', { class: `badge status-${name}`, dataset: { status: String(status) } }, String(status));
}

/** Sets the page title and the h1 of the main region. */
export function heading(text, ...extra) {
	document.title = `${text} · Lantern`;
	return h('h1', { tabindex: '-1' }, text, ...extra);
}

/** Waits ms milliseconds, or until the signal aborts. */
export function sleep(ms, signal) {
	return new Promise((resolve) => {
		const timer = setTimeout(resolve, ms);
		if (signal) {
			signal.addEventListener('abort', () => {
				clearTimeout(timer);
				resolve();
			}, { once: true });
		}
	});
}

/** Repeats task every ms until the signal aborts; errors are shown by the task itself. */
export async function every(ms, signal, task) {
	while (!signal.aborted) {
		await task();
		await sleep(ms, signal);
	}
}

/** An object URL for a blob, revoked when the signal aborts (the page is left). */
export function objectUrl(blob, signal) {
	const url = URL.createObjectURL(blob);
	if (signal) {
		signal.addEventListener('abort', () => URL.revokeObjectURL(url), { once: true });
	}
	return url;
}

/** Saves a blob as a download. */
export function saveBlob(blob, filename) {
	const url = URL.createObjectURL(blob);
	const link = h('a', { href: url, download: filename, class: 'hidden' });
	document.body.append(link);
	link.click();
	link.remove();
	setTimeout(() => URL.revokeObjectURL(url), 10000);
}
