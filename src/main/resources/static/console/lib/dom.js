// Building DOM without HTML strings: every text goes in as a Text node or textContent,
// so names, labels, CSV values and error details from the server or from files are shown
// as text and never parsed as markup. Styles come from console.css classes only.

const BOOLEAN_PROPERTIES = new Set(['disabled', 'checked', 'hidden', 'required', 'multiple', 'selected', 'open',
	'readOnly', 'autofocus', 'indeterminate']);

const FORBIDDEN = new Set(['innerHTML', 'outerHTML', 'style', 'srcdoc']);

/**
 * Creates an element. Props: `class`, `text` (textContent), `for`, `dataset` (object),
 * `on<Event>` handlers (functions), boolean properties, `value`, and any other attribute.
 * Children: nodes, strings (as text), numbers, arrays of these; null and false are skipped.
 */
export function h(tag, props = {}, ...children) {
	const element = document.createElement(tag);
	for (const [key, value] of Object.entries(props || {})) {
		if (value === undefined || value === null || value === false && !BOOLEAN_PROPERTIES.has(key)) {
			continue;
		}
		if (FORBIDDEN.has(key)) {
			throw new Error(`h(): '${key}' is not allowed`);
		}
		if (key === 'class') {
			element.className = Array.isArray(value) ? value.filter(Boolean).join(' ') : value;
		}
		else if (key === 'text') {
			element.textContent = String(value);
		}
		else if (key === 'for') {
			element.htmlFor = value;
		}
		else if (key === 'dataset') {
			Object.assign(element.dataset, value);
		}
		else if (key.startsWith('on') && typeof value === 'function') {
			element.addEventListener(key.slice(2).toLowerCase(), value);
		}
		else if (BOOLEAN_PROPERTIES.has(key)) {
			element[key] = Boolean(value);
		}
		else if (key === 'value') {
			element.value = String(value);
		}
		else {
			element.setAttribute(key, String(value));
		}
	}
	append(element, children);
	return element;
}

/** Appends children (nodes, strings as text, arrays), skipping null and false. */
export function append(parent, ...children) {
	for (const child of children.flat(Infinity)) {
		if (child === null || child === undefined || child === false) {
			continue;
		}
		parent.append(child instanceof Node ? child : document.createTextNode(String(child)));
	}
	return parent;
}

/** Removes every child of an element. */
export function clear(element) {
	while (element.firstChild) {
		element.firstChild.remove();
	}
	return element;
}

/** Replaces the children of an element. */
export function replace(element, ...children) {
	clear(element);
	return append(element, children);
}

let counter = 0;

/** A document-unique id for label and aria-describedby wiring. */
export function uid(prefix = 'id') {
	counter += 1;
	return `${prefix}-${counter}`;
}
