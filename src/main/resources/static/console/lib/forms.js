// Forms built from a small declarative description of their fields, so that a new job
// type or importer needs a list of fields and no new code. A field left blank is not
// sent, and the server's default applies: the form shows that default next to it.
//
// Field: { name (a dotted path in the body, 'transforms.maxRotate'), label, type, help,
//   required, min, max, options, group, default, placeholder, accept, multiple }
// Types: text, int, number, ints, numbers (comma-separated lists), strings, date,
//   rate (a number or the word "auto"), select (options: [{ value, label }] or strings, or
//   an async function giving them), bool (a checkbox, always sent; with `whenChecked` it
//   sends that value when checked and nothing otherwise), file.
// Other keys: minExclusive (min itself is refused), fromData (the server chooses the
//   default from the data: the hint says so, with this text), enabledBy (the name of a
//   bool field: this field is disabled, and not sent, while that box is unchecked).

import { h, append, replace, uid } from './dom.js';
import { errorView } from './ui.js';
import { ApiError } from './api.js';

function getPath(object, path) {
	return path.split('.').reduce((value, key) => (value == null ? undefined : value[key]), object);
}

function setPath(object, path, value) {
	const keys = path.split('.');
	let target = object;
	for (const key of keys.slice(0, -1)) {
		target[key] = target[key] ?? {};
		target = target[key];
	}
	target[keys[keys.length - 1]] = value;
}

function display(value) {
	if (value === null || value === undefined) {
		return null;
	}
	if (Array.isArray(value)) {
		return value.join(', ');
	}
	if (typeof value === 'boolean') {
		return value ? 'yes' : 'no';
	}
	return String(value);
}

function normaliseOptions(options) {
	return options.map((option) => (typeof option === 'object' ? option : { value: option, label: String(option) }));
}

function parseNumber(text, field, integer) {
	const value = Number(text);
	if (text === '' || !Number.isFinite(value)) {
		throw new Error(`${field.label} must be a number`);
	}
	if (integer && !Number.isInteger(value)) {
		throw new Error(`${field.label} must be a whole number`);
	}
	if (field.min !== undefined && (value < field.min || field.minExclusive && value === field.min)) {
		throw new Error(`${field.label} must be ${field.minExclusive ? 'above' : 'at least'} ${field.min}`);
	}
	if (field.max !== undefined && value > field.max) {
		throw new Error(`${field.label} must be at most ${field.max}`);
	}
	return value;
}

class Field {

	constructor(spec, defaults, signal) {
		this.spec = spec;
		this.id = uid(`field-${spec.name.replace(/[^A-Za-z0-9-]/g, '-')}`);
		this.errorId = `${this.id}-error`;
		this.hintId = `${this.id}-hint`;
		this.defaultValue = getPath(defaults || {}, spec.name) ?? spec.default;
		this.input = this.createInput(signal);
		this.error = h('p', { class: 'field-error', id: this.errorId, hidden: true });
		const hints = [];
		if (spec.help) {
			hints.push(spec.help);
		}
		const shown = display(this.defaultValue);
		let fromData = null;
		if (shown !== null && spec.type !== 'bool' && spec.type !== 'file' && !spec.required) {
			hints.push(`Default: ${shown}`);
		}
		else if (shown === null && spec.fromData) {
			fromData = h('span', { class: 'from-data' }, 'from the data');
		}
		this.hint = hints.length || fromData ? h('p', { class: 'hint', id: this.hintId }, hints.join(' · '),
			fromData ? [hints.length ? ' · ' : '', 'Default: ', fromData, ` (${spec.fromData})`] : null) : null;
		this.input.setAttribute('aria-describedby', [this.hint ? this.hintId : null, this.errorId]
			.filter(Boolean).join(' '));
		const label = h('label', { for: this.id }, spec.label, spec.required ? h('span', { class: 'required',
			'aria-hidden': 'true' }, ' *') : null);
		this.element = spec.type === 'bool'
			? h('div', { class: 'field field-bool', dataset: { field: spec.name } }, this.input, label, this.hint, this.error)
			: h('div', { class: 'field', dataset: { field: spec.name } }, label, this.input, this.hint, this.error);
	}

	createInput(signal) {
		const spec = this.spec;
		const common = { id: this.id, name: spec.name, required: spec.required };
		switch (spec.type) {
			case 'bool':
				return h('input', { ...common, type: 'checkbox',
					checked: spec.value !== undefined ? spec.value === true || spec.value === 'true' : Boolean(this.defaultValue) });
			case 'select': {
				const select = h('select', common);
				const fill = (options) => {
					replace(select);
					if (!spec.required) {
						const shown = display(this.defaultValue);
						select.append(h('option', { value: '' }, shown !== null ? `Default (${shown})` : '—'));
					}
					else if (!options.length) {
						select.append(h('option', { value: '' }, spec.emptyLabel || 'Nothing to choose'));
					}
					// A value set while the options were loading (a preset) wins over the address's.
					const wanted = this.pending ?? spec.value;
					normaliseOptions(options).forEach((option) => select.append(
						h('option', { value: option.value, selected: option.value === wanted }, option.label)));
					if (wanted !== undefined) {
						select.value = wanted;
					}
				};
				if (typeof spec.options === 'function') {
					select.append(h('option', { value: '' }, 'Loading…'));
					select.disabled = true;
					Promise.resolve(spec.options(signal)).then((options) => {
						select.disabled = false;
						fill(options);
						select.dispatchEvent(new Event('options-loaded'));
					}).catch((error) => {
						if (error && error.name === 'AbortError') {
							return;
						}
						replace(select, h('option', { value: '' }, 'Could not load the choices'));
						this.showError(error instanceof ApiError ? error.message : 'Could not load the choices');
					});
				}
				else {
					fill(spec.options || []);
				}
				return select;
			}
			case 'file':
				return h('input', { ...common, type: 'file', accept: spec.accept, multiple: spec.multiple });
			case 'date':
				return h('input', { ...common, type: 'date', value: spec.value });
			case 'int':
			case 'number':
				return h('input', { ...common, type: 'number', inputmode: spec.type === 'int' ? 'numeric' : 'decimal',
					step: spec.step ?? (spec.type === 'int' ? 1 : 'any'), min: spec.min, max: spec.max,
					placeholder: spec.placeholder ?? display(this.defaultValue), value: spec.value });
			case 'rate':
				return h('input', { ...common, type: 'text', inputmode: 'decimal',
					placeholder: spec.placeholder ?? display(this.defaultValue), value: spec.value, autocomplete: 'off',
					spellcheck: 'false' });
			default:
				return h('input', { ...common, type: 'text', placeholder: spec.placeholder ?? display(this.defaultValue),
					value: spec.value, autocomplete: 'off', spellcheck: 'false' });
		}
	}

	/** The field's value, or undefined when left blank; throws with a message when invalid. */
	read() {
		const spec = this.spec;
		if (this.input.disabled && spec.enabledBy) {
			return undefined;
		}
		if (spec.type === 'bool') {
			if (spec.whenChecked !== undefined) {
				return this.input.checked ? structuredClone(spec.whenChecked) : undefined;
			}
			return this.input.checked;
		}
		if (spec.type === 'file') {
			const files = [...this.input.files];
			if (spec.required && !files.length) {
				throw new Error(`Choose a file for ${spec.label}`);
			}
			return spec.multiple ? files : files[0];
		}
		const text = this.input.value.trim();
		if (text === '') {
			if (spec.required) {
				throw new Error(`${spec.label} is required`);
			}
			return undefined;
		}
		switch (spec.type) {
			case 'int':
				return parseNumber(text, spec, true);
			case 'number':
				return parseNumber(text, spec, false);
			case 'rate':
				if (text.toLowerCase() === 'auto') {
					return 'auto';
				}
				try {
					return parseNumber(text, spec, false);
				}
				catch (error) {
					throw new Error(`${error.message}, or auto`);
				}
			case 'ints':
			case 'numbers': {
				const items = text.split(/[\s,]+/).filter(Boolean);
				if (spec.maxItems && items.length > spec.maxItems) {
					throw new Error(`${spec.label} takes at most ${spec.maxItems} values`);
				}
				return items.map((item) => parseNumber(item, spec, spec.type === 'ints'));
			}
			case 'strings':
				return text.split(',').map((item) => item.trim()).filter(Boolean);
			default:
				if (spec.maxLength && text.length > spec.maxLength) {
					throw new Error(`${spec.label} takes at most ${spec.maxLength} characters`);
				}
				if (spec.pattern && !new RegExp(`^(?:${spec.pattern})$`).test(text)) {
					throw new Error(`${spec.label}: ${spec.patternHelp || 'not in the expected form'}`);
				}
				return text;
		}
	}

	set(value) {
		if (this.spec.type === 'bool') {
			this.input.checked = Boolean(value) && value !== 'false';
		}
		else if (this.spec.type === 'select') {
			const text = value === undefined || value === null ? '' : typeof value === 'boolean' ? String(value)
				: display(value);
			this.input.value = text;
			this.pending = text;
		}
		else if (this.spec.type !== 'file') {
			this.input.value = value === undefined || value === null ? '' : display(value);
		}
	}

	showError(message) {
		this.error.textContent = message;
		this.error.hidden = false;
		this.input.setAttribute('aria-invalid', 'true');
		this.element.classList.add('invalid');
	}

	clearError() {
		this.error.textContent = '';
		this.error.hidden = true;
		this.input.removeAttribute('aria-invalid');
		this.element.classList.remove('invalid');
	}

}

/**
 * A form. Options: fields, defaults (the server's defaults by field path), submitLabel,
 * errorPrefix (stripped from the problem's field names, e.g. 'spec.'), flat (field names
 * are plain keys, not dotted paths: CSV column names), onSubmit(values, form) → promise;
 * its ApiError is shown at the fields it names.
 */
export function createForm({ fields, defaults, submitLabel = 'Submit', errorPrefix = '', onSubmit, signal,
	extra = [], flat = false }) {
	const put = flat ? (target, name, value) => {
		target[name] = value;
	} : setPath;
	const byName = new Map();
	const status = h('div', { class: 'form-status', 'aria-live': 'polite' });
	const submit = h('button', { type: 'submit' }, submitLabel);
	const form = h('form', { novalidate: '', class: 'form' });
	const groups = new Map();
	for (const spec of fields) {
		const field = new Field(spec, defaults, signal);
		byName.set(spec.name, field);
		const group = spec.group || '';
		if (!groups.has(group)) {
			groups.set(group, []);
		}
		groups.get(group).push(field.element);
	}
	for (const [group, elements] of groups) {
		if (group) {
			form.append(h('fieldset', {}, h('legend', {}, group), h('div', { class: 'field-grid' }, elements)));
		}
		else {
			form.append(h('div', { class: 'field-grid' }, elements));
		}
	}
	append(form, extra, h('div', { class: 'form-actions' }, submit), status);
	// Fields that only count while a box is checked (a stage's settings) follow that box.
	const sync = () => {
		for (const field of byName.values()) {
			const control = field.spec.enabledBy ? byName.get(field.spec.enabledBy) : null;
			if (control) {
				field.input.disabled = !control.input.checked;
				field.element.classList.toggle('disabled', !control.input.checked);
			}
		}
	};
	for (const field of byName.values()) {
		if (field.spec.enabledBy && byName.has(field.spec.enabledBy)) {
			byName.get(field.spec.enabledBy).input.addEventListener('change', sync);
		}
	}
	sync();

	const api = {
		element: form,
		status,
		field: (name) => byName.get(name),
		input: (name) => byName.get(name)?.input,
		clearErrors() {
			byName.forEach((field) => field.clearError());
			replace(status);
		},
		/** Reads every field; null (with the errors shown) when some are invalid. */
		values() {
			const result = {};
			let first = null;
			for (const [name, field] of byName) {
				try {
					const value = field.read();
					if (value !== undefined) {
						put(result, name, value);
					}
				}
				catch (error) {
					field.showError(error.message);
					first = first ?? field;
				}
			}
			if (first) {
				first.input.focus();
				replace(status, h('p', { class: 'error-title', role: 'alert' }, 'Some fields need a change.'));
				return null;
			}
			return result;
		},
		setValues(values) {
			for (const [name, field] of byName) {
				const value = flat ? values[name] : getPath(values, name);
				if (value !== undefined) {
					field.set(value);
				}
			}
			sync();
		},
		/** Back to the defaults: every optional field (required ones keep what was chosen). */
		reset() {
			byName.forEach((field) => {
				if (!field.spec.required) {
					field.set(field.spec.type === 'bool' ? field.defaultValue : null);
				}
			});
			sync();
		},
		/**
		 * Shows a failed request: each error naming a field next to that field, the rest at
		 * the form's foot.
		 */
		showError(error) {
			if (!(error instanceof ApiError)) {
				replace(status, errorView(error));
				return;
			}
			const problem = error.problem;
			const items = [...(problem.errors || [])];
			if (problem.field && !items.some((item) => item.field === problem.field)) {
				items.push({ field: problem.field, message: problem.detail });
			}
			let matched = 0;
			let first = null;
			for (const item of items) {
				const name = String(item.field || '').replace(errorPrefix, '').replace(/\[\d+\]/g, '');
				const field = byName.get(name) || byName.get(name.split('.')[0]);
				if (field && item.message) {
					field.showError(String(item.message));
					first = first ?? field;
					matched += 1;
				}
			}
			if (matched > 0 && matched === items.length) {
				replace(status, h('p', { class: 'error-title', role: 'alert' },
					`${problem.title || 'Invalid input'}: see the marked field${matched > 1 ? 's' : ''}.`));
				first.input.focus();
			}
			else {
				replace(status, errorView(error));
				if (first) {
					first.input.focus();
				}
			}
		},
	};
	form.addEventListener('submit', async (event) => {
		event.preventDefault();
		api.clearErrors();
		const values = api.values();
		if (!values) {
			return;
		}
		submit.disabled = true;
		replace(status, h('p', { class: 'loading', role: 'status' }, 'Sending…'));
		try {
			await onSubmit(values, api);
			if (status.querySelector('.loading')) {
				replace(status);
			}
		}
		catch (error) {
			if (!(error && error.name === 'AbortError')) {
				api.showError(error);
			}
		}
		finally {
			submit.disabled = false;
		}
	});
	return api;
}

/** Query parameters from the values of a form: blank ones left out. */
export function queryString(values) {
	const params = new URLSearchParams();
	for (const [key, value] of Object.entries(values)) {
		if (value !== undefined && value !== null && value !== '' && !(value instanceof File)) {
			params.set(key, String(value));
		}
	}
	const text = params.toString();
	return text ? `?${text}` : '';
}
