// The convolution playground of Lesson 6: an editable 3x3 kernel (the lesson's
// bottom-right edge kernel first), applied by POST /api/v1/vision/convolve to an image.

import { h, replace } from '../lib/dom.js';
import { request } from '../lib/api.js';
import { errorView, heading, objectUrl } from '../lib/ui.js';

const PRESETS = [
	{ name: 'The lesson\'s edge kernel', cells: ['0', '-5/3', '1', '-5/3', '-5/3', '1', '1', '1', '1'], divisor: '6' },
	{ name: 'Identity', cells: ['0', '0', '0', '0', '1', '0', '0', '0', '0'], divisor: '1' },
	{ name: 'Box blur', cells: ['1', '1', '1', '1', '1', '1', '1', '1', '1'], divisor: '9' },
	{ name: 'Sharpen', cells: ['0', '-1', '0', '-1', '5', '-1', '0', '-1', '0'], divisor: '1' },
	{ name: 'Vertical edges (Sobel)', cells: ['-1', '0', '1', '-2', '0', '2', '-1', '0', '1'], divisor: '1' },
	{ name: 'Horizontal edges (Sobel)', cells: ['-1', '-2', '-1', '0', '0', '0', '1', '2', '1'], divisor: '1' },
];

const LIMIT = 1000;

/** A number or a fraction such as -5/3. */
function parseCell(text) {
	const value = text.trim();
	const fraction = /^([+-]?\d*\.?\d+(?:e[+-]?\d+)?)\s*\/\s*([+-]?\d*\.?\d+(?:e[+-]?\d+)?)$/i.exec(value);
	const number = fraction ? Number(fraction[1]) / Number(fraction[2]) : (value === '' ? NaN : Number(value));
	if (!Number.isFinite(number) || Math.abs(number) > LIMIT) {
		throw new Error(`"${value}" is not a number or fraction between -${LIMIT} and ${LIMIT}`);
	}
	return number;
}

export default {
	section: 'playground',
	async render({ main, signal }) {
		const cells = [];
		const grid = h('div', { class: 'kernel', role: 'group', 'aria-label': 'Kernel, 3 by 3' });
		for (let r = 0; r < 3; r++) {
			for (let c = 0; c < 3; c++) {
				const cell = h('input', { type: 'text', inputmode: 'decimal', class: 'kernel-cell', id: `kernel-${r}-${c}`,
					'aria-label': `Row ${r + 1}, column ${c + 1}`, autocomplete: 'off', spellcheck: 'false' });
				cells.push(cell);
				grid.append(cell);
			}
		}
		const divisor = h('input', { type: 'text', inputmode: 'decimal', id: 'kernel-divisor', autocomplete: 'off' });
		const presetSelect = h('select', { id: 'kernel-preset' }, PRESETS.map((p, i) => h('option', { value: String(i) }, p.name)));
		const file = h('input', { type: 'file', id: 'convolve-file', accept: 'image/jpeg,image/png' });
		const message = h('div', { 'aria-live': 'polite' });
		const original = h('figure', { class: 'conv-figure' }, h('figcaption', {}, 'Image'));
		const result = h('figure', { class: 'conv-figure', id: 'convolved' }, h('figcaption', {}, 'Convolved'));
		const run = h('button', { type: 'submit' }, 'Convolve');
		const usePreset = () => {
			const preset = PRESETS[Number(presetSelect.value)];
			preset.cells.forEach((value, i) => {
				cells[i].value = value;
			});
			divisor.value = preset.divisor;
		};
		let image = null;
		const convolve = async () => {
			replace(message);
			cells.forEach((cell) => cell.removeAttribute('aria-invalid'));
			if (!image) {
				replace(message, h('p', { class: 'error-box', role: 'alert' }, 'Choose an image first.'));
				file.focus();
				return;
			}
			let kernel;
			try {
				const d = parseCell(divisor.value);
				if (Math.abs(d) < 1e-6) {
					throw new Error('The divisor must not be 0');
				}
				kernel = [0, 1, 2].map((r) => [0, 1, 2].map((c) => {
					const cell = cells[r * 3 + c];
					try {
						return parseCell(cell.value) / d;
					}
					catch (error) {
						cell.setAttribute('aria-invalid', 'true');
						cell.focus();
						throw error;
					}
				}));
			}
			catch (error) {
				replace(message, h('p', { class: 'error-box', role: 'alert' }, error.message));
				return;
			}
			const body = new FormData();
			body.append('file', image, image.name);
			run.disabled = true;
			replace(message, h('p', { class: 'loading', role: 'status' }, 'Convolving…'));
			try {
				const png = await request(`api/v1/vision/convolve?kernel=${encodeURIComponent(JSON.stringify(kernel))}`,
					{ method: 'POST', body, signal, as: 'blob' });
				replace(message);
				replace(result, h('img', { src: objectUrl(png, signal), alt: 'The image filtered by the kernel' }),
					h('figcaption', {}, 'Convolved'));
			}
			catch (error) {
				if (error.name !== 'AbortError') {
					replace(message, errorView(error));
				}
			}
			finally {
				run.disabled = false;
			}
		};
		presetSelect.addEventListener('change', () => {
			usePreset();
			if (image) {
				convolve();
			}
		});
		file.addEventListener('change', () => {
			image = file.files[0] || null;
			if (image) {
				replace(original, h('img', { src: objectUrl(image, signal), alt: `The chosen image ${image.name}` }),
					h('figcaption', {}, 'Image'));
				convolve();
			}
		});
		usePreset();
		const form = h('form', { class: 'form', novalidate: '' },
			h('div', { class: 'field' }, h('label', { for: 'convolve-file' }, 'Image'), file),
			h('div', { class: 'field' }, h('label', { for: 'kernel-preset' }, 'Start from'), presetSelect),
			h('fieldset', {}, h('legend', {}, 'Kernel'), grid,
				h('div', { class: 'field inline' }, h('label', { for: 'kernel-divisor' }, 'divided by'), divisor),
				h('p', { class: 'hint' }, 'Numbers or fractions such as -5/3. The kernel runs on every colour channel, '
					+ 'as the lesson\'s expand does; the result is shown in grey.')),
			h('div', { class: 'form-actions' }, run), message);
		form.addEventListener('submit', (event) => {
			event.preventDefault();
			convolve();
		});
		main.append(heading('Convolution playground'),
			h('p', {}, 'Lesson 6 builds a heatmap from what convolutions see. Here one 3×3 kernel runs over an image; '
				+ 'the lesson\'s kernel finds bottom-right edges.'),
			h('div', { class: 'cards two' }, h('section', { class: 'card' }, form),
				h('section', { class: 'card conv-results' }, original, result)));
	},
};
