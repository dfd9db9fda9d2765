// Calls to Lantern's API. Paths are relative ('api/v1/...'), so the console works behind
// a proxy that serves Lantern under a path prefix. Errors become ApiError with the
// RFC 9457 problem the server sent (title, detail, field, errors); bodies that are not
// problems are never shown, only their status.

import { getKey } from './key.js';

export class ApiError extends Error {

	constructor(status, problem, retryAfter = null) {
		super(problem.detail || problem.title || `HTTP ${status}`);
		this.name = 'ApiError';
		this.status = status;
		this.problem = problem;
		this.retryAfter = retryAfter;
		this.sentKey = false;
	}

}

function headers(extra = {}) {
	const result = { ...extra };
	const key = getKey();
	if (key) {
		result.Authorization = `Bearer ${key}`;
	}
	return result;
}

async function problemOf(response) {
	const type = response.headers.get('Content-Type') || '';
	if (type.includes('json')) {
		try {
			const body = await response.json();
			if (body && typeof body === 'object') {
				return {
					title: typeof body.title === 'string' ? body.title : response.statusText,
					detail: typeof body.detail === 'string' ? body.detail : null,
					field: typeof body.field === 'string' ? body.field : null,
					errors: Array.isArray(body.errors) ? body.errors : [],
					status: response.status,
				};
			}
		}
		catch {
			// Not readable JSON: fall through to the status alone.
		}
	}
	return { title: response.statusText || `HTTP ${response.status}`, detail: null, field: null, errors: [],
		status: response.status };
}

async function fail(response) {
	const error = new ApiError(response.status, await problemOf(response), response.headers.get('Retry-After'));
	error.sentKey = Boolean(getKey());
	return error;
}

function networkError(cause) {
	const error = new ApiError(0, { title: 'Lantern did not answer',
		detail: 'The request did not reach the server or got no answer. Is Lantern running?', errors: [] });
	error.cause = cause;
	return error;
}

/**
 * Sends a request. Options: method, json (a body sent as JSON), body (FormData, Blob,
 * string), contentType, accept, signal, as ('json', 'blob', 'text'; default by the
 * response's Content-Type).
 */
export async function request(path, options = {}) {
	const init = { method: options.method || 'GET', headers: headers(), signal: options.signal };
	if (options.json !== undefined) {
		init.body = JSON.stringify(options.json);
		init.headers['Content-Type'] = 'application/json';
	}
	else if (options.body !== undefined) {
		init.body = options.body;
		if (options.contentType) {
			init.headers['Content-Type'] = options.contentType;
		}
	}
	if (options.accept) {
		init.headers.Accept = options.accept;
	}
	let response;
	try {
		response = await fetch(path, init);
	}
	catch (cause) {
		if (cause && cause.name === 'AbortError') {
			throw cause;
		}
		throw networkError(cause);
	}
	if (!response.ok) {
		throw await fail(response);
	}
	if (response.status === 204) {
		return null;
	}
	const type = response.headers.get('Content-Type') || '';
	const as = options.as || (type.includes('json') ? 'json' : type.startsWith('text/') ? 'text' : 'blob');
	if (as === 'json') {
		return response.json();
	}
	if (as === 'text') {
		return response.text();
	}
	const blob = await response.blob();
	blob.headers = response.headers;
	return blob;
}

export const get = (path, options = {}) => request(path, options);

export const post = (path, json, options = {}) => request(path, { ...options, method: 'POST', json });

/**
 * Uploads a FormData with XMLHttpRequest, whose upload progress fetch does not report.
 * onProgress gets (loaded, total); resolves with the JSON answer.
 */
export function upload(path, form, { onProgress, signal, method = 'POST' } = {}) {
	return new Promise((resolve, reject) => {
		const xhr = new XMLHttpRequest();
		xhr.open(method, path);
		for (const [name, value] of Object.entries(headers())) {
			xhr.setRequestHeader(name, value);
		}
		xhr.setRequestHeader('Accept', 'application/json');
		xhr.upload.addEventListener('progress', (event) => {
			if (onProgress && event.lengthComputable) {
				onProgress(event.loaded, event.total);
			}
		});
		xhr.addEventListener('load', () => {
			const type = xhr.getResponseHeader('Content-Type') || '';
			let body = null;
			if (type.includes('json')) {
				try {
					body = JSON.parse(xhr.responseText);
				}
				catch {
					body = null;
				}
			}
			if (xhr.status >= 200 && xhr.status < 300) {
				resolve(body);
				return;
			}
			const problem = body && typeof body === 'object'
				? { title: String(body.title || xhr.statusText), detail: typeof body.detail === 'string' ? body.detail : null,
					field: typeof body.field === 'string' ? body.field : null,
					errors: Array.isArray(body.errors) ? body.errors : [], status: xhr.status }
				: { title: xhr.statusText || `HTTP ${xhr.status}`, detail: null, field: null, errors: [], status: xhr.status };
			const error = new ApiError(xhr.status, problem, xhr.getResponseHeader('Retry-After'));
			error.sentKey = Boolean(getKey());
			reject(error);
		});
		xhr.addEventListener('error', () => reject(networkError(null)));
		xhr.addEventListener('abort', () => reject(new DOMException('Upload cancelled', 'AbortError')));
		if (signal) {
			signal.addEventListener('abort', () => xhr.abort());
		}
		xhr.send(form);
	});
}

/**
 * Reads a Server-Sent Events stream with fetch (unlike EventSource, fetch can send the
 * API key where reads are protected). Calls onEvent(name, data, id) per event; resolves
 * when the server ends the stream.
 */
export async function events(path, { onEvent, signal }) {
	let response;
	try {
		response = await fetch(path, { headers: headers({ Accept: 'text/event-stream' }), signal });
	}
	catch (cause) {
		if (cause && cause.name === 'AbortError') {
			throw cause;
		}
		throw networkError(cause);
	}
	if (!response.ok) {
		throw await fail(response);
	}
	const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
	let buffer = '';
	let name = 'message';
	let data = [];
	let id = null;
	for (;;) {
		const { value, done } = await reader.read();
		if (done) {
			return;
		}
		buffer += value;
		let newline;
		while ((newline = buffer.search(/\r\n|\r|\n/)) >= 0) {
			const line = buffer.slice(0, newline);
			buffer = buffer.slice(newline + (buffer.startsWith('\r\n', newline) ? 2 : 1));
			if (line === '') {
				if (data.length > 0) {
					onEvent(name, data.join('\n'), id);
				}
				name = 'message';
				data = [];
				continue;
			}
			if (line.startsWith(':')) {
				continue;
			}
			const colon = line.indexOf(':');
			const field = colon < 0 ? line : line.slice(0, colon);
			const content = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
			if (field === 'event') {
				name = content;
			}
			else if (field === 'data') {
				data.push(content);
			}
			else if (field === 'id') {
				id = content;
			}
		}
	}
}

/** A path segment, encoded. */
export function seg(value) {
	return encodeURIComponent(String(value));
}
