// Try it: a tabular version gets a form built from its input schema and a CSV upload,
// answering with a prediction table that flags unseen categories; a vision version takes
// dropped or picked images and answers with top-k bars and the heatmap overlay.

import { h, replace } from '../lib/dom.js';
import { get, post, request, seg } from '../lib/api.js';
import { parseCsv } from '../lib/csv.js';
import { createForm } from '../lib/forms.js';
import { act, errorView, heading, load, num, objectUrl, outcomeRegion, saveBlob, table } from '../lib/ui.js';

const MAX_SHOWN_ROWS = 200;
const MAX_IMAGES = 32;

const COLUMN_TYPES = { number: 'number', text: 'text', date: 'date', week_range: 'text' };

function tabularView(info, signal) {
	const schema = info.inputSchema || {};
	const columns = Object.entries(schema.columns || {});
	const target = String(schema.target || 'prediction');
	const path = `api/v1/models/${seg(info.name)}/versions/${seg(info.version)}/predict`;
	const records = [];
	const results = h('div', { id: 'prediction-table', 'aria-live': 'polite' });
	const showRecords = () => replace(results, table([
		...columns.map(([name]) => ({ label: name, value: (r) => String(r.record[name] ?? '') })),
		{ label: `Predicted ${target}`, value: (r) => h('strong', { class: 'prediction' }, num(r.prediction.prediction)),
			numeric: true },
		{ label: 'Unseen categories', value: (r) => unseenView(r.prediction.unseen) },
	], records, { caption: 'Predictions, newest first', empty: 'Predictions appear here.' }));
	const form = createForm({
		fields: columns.map(([name, column]) => ({
			name, label: name, type: COLUMN_TYPES[column.type] || 'text', required: column.required && !column.nullable,
			help: column.type === 'week_range' ? 'Two ISO dates: yyyy-MM-dd - yyyy-MM-dd' : (column.required ? null : 'Optional'),
			maxLength: 1000,
		})),
		submitLabel: 'Predict',
		errorPrefix: /^records\[\d+\]\.?/,
		flat: true,
		signal,
		onSubmit: async (record) => {
			const answer = await post(path, { records: [record] }, { signal });
			records.unshift({ record, prediction: answer.predictions[0] });
			showRecords();
		},
	});
	showRecords();
	return [
		h('section', { class: 'card' }, h('h2', {}, 'One record'),
			h('p', { class: 'muted' }, `Fill in the raw columns; the model predicts ${target}.`), form.element, results),
		h('section', { class: 'card' }, h('h2', {}, 'A CSV file'), csvForm(path, target, signal)),
	];
}

function unseenView(unseen) {
	if (!Array.isArray(unseen) || !unseen.length) {
		return 'none';
	}
	return h('span', { class: 'badge unseen', title: 'Values the training data never had: predicted with the #na# embedding' },
		`unseen: ${unseen.map(String).join(', ')}`);
}

function csvForm(path, target, signal) {
	const output = h('div', { id: 'csv-predictions', 'aria-live': 'polite' });
	const form = createForm({
		fields: [{ name: 'file', label: 'CSV with the raw columns', type: 'file', required: true, accept: '.csv,text/csv' }],
		submitLabel: 'Predict the file',
		signal,
		onSubmit: async (values) => {
			const text = await request(path, { method: 'POST', body: values.file, contentType: 'text/csv', signal, as: 'text' });
			const { rows, total } = parseCsv(text, MAX_SHOWN_ROWS + 1);
			const [header, ...data] = rows;
			// Lantern appends both columns after the file's own.
			const unseenIndex = header.lastIndexOf('unseen');
			const predictionIndex = header.lastIndexOf('prediction');
			replace(output,
				h('p', {}, `${num(total - 1)} predictions of ${target}`, total - 1 > MAX_SHOWN_ROWS ? `; the first ${MAX_SHOWN_ROWS} shown` : '',
					'. ', h('button', { type: 'button', class: 'secondary small', onclick: () => saveBlob(
						new Blob([text], { type: 'text/csv' }), 'predictions.csv') }, 'Download the CSV')),
				table(header.map((name, i) => ({
					label: name,
					numeric: i === predictionIndex,
					value: (row) => {
						if (i === unseenIndex) {
							return row[i] ? unseenView(row[i].split(/[;|]/)) : 'none';
						}
						if (i === predictionIndex) {
							return h('strong', { class: 'prediction' }, num(Number(row[i])));
						}
						return row[i] ?? '';
					},
				})), data.slice(0, MAX_SHOWN_ROWS), { caption: 'Predictions of the file' }));
		},
	});
	return h('div', {}, form.element, output);
}

function bars(predictions) {
	return h('ol', { class: 'topk' }, predictions.map((p) => {
		const id = `bar-${Math.random().toString(36).slice(2)}`;
		return h('li', {}, h('label', { for: id }, h('span', { class: 'topk-label' }, String(p.label)),
			h('span', { class: 'topk-value' }, `${(p.probability * 100).toFixed(1)}%`)),
		h('meter', { id, min: '0', max: '1', value: String(p.probability) }));
	}));
}

function visionView(info, signal) {
	const path = `api/v1/models/${seg(info.name)}/versions/${seg(info.version)}`;
	const labels = Array.isArray(info.labels) ? info.labels.map(String) : [];
	const input = h('input', { type: 'file', id: 'image-files', accept: 'image/jpeg,image/png', multiple: true });
	const zone = h('div', { class: 'dropzone', id: 'dropzone' },
		h('label', { for: 'image-files' }, 'Drop images here, or choose them: '), input,
		h('p', { class: 'hint' }, `JPEG or PNG, up to ${MAX_IMAGES} at once.`));
	const control = (id, label, element) => h('div', { class: 'field' }, h('label', { for: id }, label), element);
	const topK = h('select', { id: 'top-k' }, [1, 3, 5, 10].map((k) => h('option', { value: k, selected: k === 5 }, String(k))));
	const method = h('select', { id: 'heatmap-method' }, h('option', { value: 'gradcam' }, 'Grad-CAM'),
		h('option', { value: 'mean' }, 'channel mean'));
	const colormap = h('select', { id: 'heatmap-colormap' }, ['magma', 'viridis', 'jet'].map((c) => h('option', { value: c }, c)));
	const alphaValue = h('output', { for: 'heatmap-alpha', id: 'heatmap-alpha-value' }, '0.60');
	const alpha = h('input', { type: 'range', id: 'heatmap-alpha', min: '0', max: '1', step: '0.05', value: '0.6',
		oninput: () => {
			alphaValue.textContent = Number(alpha.value).toFixed(2);
		} });
	const explain = h('select', { id: 'heatmap-class' }, h('option', { value: '' }, 'the predicted class'),
		labels.map((label) => h('option', { value: label }, label)));
	const results = h('div', { class: 'results', id: 'classify-results', 'aria-live': 'polite' });
	let files = [];
	let heatmaps = [];

	const heatmapOf = async (file, slot) => {
		replace(slot, h('p', { class: 'loading', role: 'status' }, 'Computing the heatmap…'));
		const params = new URLSearchParams({ method: method.value, colormap: colormap.value, alpha: alpha.value });
		if (explain.value) {
			params.set('class', explain.value);
		}
		const body = new FormData();
		body.append('file', file, file.name);
		try {
			const png = await request(`${path}/heatmap?${params}`, { method: 'POST', body, signal, as: 'blob' });
			replace(slot, h('img', { src: objectUrl(png, signal), class: 'heatmap',
				alt: `Heatmap (${method.value}, ${colormap.value}) of ${file.name}` }));
		}
		catch (error) {
			if (error.name !== 'AbortError') {
				replace(slot, errorView(error));
			}
		}
	};
	const redrawHeatmaps = () => heatmaps.forEach(({ file, slot }) => heatmapOf(file, slot));
	[method, colormap, explain].forEach((element) => element.addEventListener('change', redrawHeatmaps));
	alpha.addEventListener('change', redrawHeatmaps);

	const classify = async () => {
		if (!files.length) {
			return;
		}
		if (files.length > MAX_IMAGES) {
			replace(results, h('p', { class: 'error-box', role: 'alert' }, `Choose at most ${MAX_IMAGES} images at once.`));
			return;
		}
		const body = new FormData();
		files.forEach((file) => body.append('file', file, file.name));
		const region = outcomeRegion();
		replace(results, region);
		const answer = await act(null, region, () => request(`${path}/classify?topK=${topK.value}`,
			{ method: 'POST', body, signal }), 'Classifying');
		if (!answer) {
			return;
		}
		heatmaps = [];
		replace(results, answer.results.map((result, i) => {
			const file = files[i];
			const slot = h('div', { class: 'heatmap-slot' });
			heatmaps.push({ file, slot });
			return h('article', { class: 'card result' },
				h('h3', {}, file ? file.name : String(result.file)),
				h('div', { class: 'result-images' },
					h('figure', {}, h('img', { src: objectUrl(file, signal), class: 'upload', alt: `Uploaded image ${file.name}` }),
						h('figcaption', {}, 'Uploaded')),
					h('figure', {}, slot, h('figcaption', {}, 'Heatmap'))),
				bars(result.predictions || []));
		}));
		redrawHeatmaps();
	};
	const take = (list) => {
		files = [...list].filter((file) => /^image\//.test(file.type) || /\.(jpe?g|png)$/i.test(file.name));
		classify();
	};
	input.addEventListener('change', () => take(input.files));
	topK.addEventListener('change', classify);
	zone.addEventListener('dragover', (event) => {
		event.preventDefault();
		zone.classList.add('dragging');
	});
	zone.addEventListener('dragleave', () => zone.classList.remove('dragging'));
	zone.addEventListener('drop', (event) => {
		event.preventDefault();
		zone.classList.remove('dragging');
		take(event.dataTransfer.files);
	});
	return [
		h('section', { class: 'card' }, h('h2', {}, 'Classify images'), zone,
			h('div', { class: 'filters' }, control('top-k', 'Top classes', topK)),
			h('fieldset', {}, h('legend', {}, 'Heatmap'), h('div', { class: 'filters' },
				control('heatmap-method', 'Method', method), control('heatmap-colormap', 'Colour map', colormap),
				control('heatmap-class', 'Explain', explain),
				h('div', { class: 'field' }, h('label', { for: 'heatmap-alpha' }, 'Opacity'), alpha, alphaValue)))),
		results,
	];
}

function chooser(container, signal) {
	return load(container, () => get('api/v1/models', { signal }), (models) => {
		container.append(models.length
			? h('ul', { class: 'plain choices' }, models.map((m) => h('li', {},
				h('a', { href: `#/try/${seg(m.name)}` }, String(m.name)), ` (${m.kind ?? 'unknown'}, default v${m.defaultVersion ?? '–'})`)))
			: h('p', { class: 'empty' }, 'No models yet: train one on the ', h('a', { href: '#/train' }, 'Train page'), '.'));
	}, 'Loading the models');
}

export default {
	section: 'try',
	async render({ main, params, query, signal, navigate }) {
		const body = h('div', { class: 'cards' });
		if (!params.name) {
			main.append(heading('Try a model'), h('p', {}, 'Choose a model. The ',
				h('a', { href: '#/playground' }, 'convolution playground'), ' needs none.'), body);
			chooser(body, signal);
			return;
		}
		const name = params.name;
		const title = heading(`Try ${name}`);
		const versionHolder = h('div', {});
		main.append(h('p', { class: 'breadcrumb' }, h('a', { href: '#/try' }, 'Try it')), title, versionHolder, body);
		load(body, () => get(`api/v1/models/${seg(name)}`, { signal }), async (model) => {
			const wanted = query.get('version') ? Number(query.get('version')) : model.defaultVersion;
			const info = model.versions.find((v) => v.version === wanted) || model.versions[model.versions.length - 1];
			if (!info) {
				body.append(h('p', { class: 'empty' }, 'This model has no versions.'));
				return;
			}
			const select = h('select', { id: 'try-version', onchange: () => navigate(`/try/${seg(name)}?version=${select.value}`) },
				model.versions.map((v) => h('option', { value: v.version, selected: v.version === info.version },
					`v${v.version}${v.isDefault ? ' (default)' : ''}`)));
			replace(versionHolder, h('div', { class: 'field inline' }, h('label', { for: 'try-version' }, 'Version'), select,
				' ', h('a', { href: `#/models/${seg(name)}/versions/${seg(info.version)}` }, 'About this version')));
			if (info.kind === 'tabular') {
				body.append(...tabularView(info, signal));
			}
			else if (info.kind === 'vision') {
				body.append(...visionView(info, signal));
			}
			else {
				body.append(h('p', {}, `The console cannot try "${info.kind}" models.`));
			}
		}, 'Loading the model');
	},
};

