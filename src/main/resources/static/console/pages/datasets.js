// Datasets: the list, uploads with a progress bar (CSV, or image archives with the
// importer's options), and the generated Rossmann and pets samples.

import { h, replace } from '../lib/dom.js';
import { get, post, request, seg, upload } from '../lib/api.js';
import { createForm, queryString } from '../lib/forms.js';
import { act, heading, load, outcomeRegion, table, time } from '../lib/ui.js';

/** The options of POST /api/v1/datasets for image archives (query parameters). */
const ARCHIVE_OPTIONS = [
	{ name: 'labels', label: 'Labels from', type: 'select', default: 'filename',
		options: [{ value: 'filename', label: 'the file name (labelPattern)' }, { value: 'folder', label: 'the folder name' }],
		group: 'Image archive options' },
	{ name: 'labelPattern', label: 'Label pattern', type: 'text', maxLength: 1000, default: '^(.+)_\\d+\\.(jpe?g|png)$',
		help: 'A regular expression on the file name; group 1 is the label (Oxford-IIIT Pet naming)',
		group: 'Image archive options' },
	{ name: 'validPct', label: 'Validation share', type: 'number', min: 0, max: 0.99, default: 0.2,
		help: 'fastai valid_pct', group: 'Image archive options' },
	{ name: 'seed', label: 'Split seed', type: 'int', min: -9007199254740991, max: 9007199254740991, default: 42,
		group: 'Image archive options' },
];

const ROSSMANN_SAMPLE = [
	{ name: 'stores', label: 'Stores', type: 'int', min: 1, max: 5000, default: 100 },
	{ name: 'days', label: 'Days', type: 'int', min: 30, max: 3650, default: 365 },
	{ name: 'sigma', label: 'Noise (sigma)', type: 'number', min: 0, max: 2, default: 0.1,
		help: 'The best achievable RMSPE follows from it' },
	{ name: 'start', label: 'First day', type: 'date', default: '2013-01-01' },
	{ name: 'seasonAmplitude', label: 'Season amplitude', type: 'number', min: 0, max: 1, default: 0.08 },
	{ name: 'seed', label: 'Seed', type: 'int', min: -9007199254740991, max: 9007199254740991, default: 42 },
];

const PETS_SAMPLE = [
	{ name: 'name', label: 'Name', type: 'text', default: 'synthetic-pets', pattern: '[A-Za-z0-9._-]{1,100}',
		patternHelp: 'letters, digits, dot, dash and underscore, at most 100' },
	{ name: 'classes', label: 'Breeds', type: 'int', min: 2, max: 37, default: 4 },
	{ name: 'imagesPerClass', label: 'Images per breed', type: 'int', min: 2, max: 2000, default: 50 },
	{ name: 'size', label: 'Image side (px)', type: 'int', min: 32, max: 512, default: 128 },
	{ name: 'validPct', label: 'Validation share', type: 'number', min: 0, max: 0.9, default: 0.2 },
	{ name: 'seed', label: 'Seed', type: 'int', min: -9007199254740991, max: 9007199254740991, default: 42 },
];

function listView(container, signal, refresh) {
	return load(container, () => get('api/v1/datasets', { signal }), (items) => {
		container.append(table([
			{ label: 'Name', value: (d) => h('a', { href: `#/datasets/${seg(d.id)}` }, String(d.name)) },
			{ label: 'Kind', value: (d) => String(d.kind) },
			{ label: 'Created', value: (d) => time(d.createdAt) },
			{ label: 'Actions', value: (d) => {
				const region = outcomeRegion();
				const button = h('button', { type: 'button', class: 'danger small', 'aria-label': `Delete dataset ${d.name}`,
					onclick: async () => {
						if (!window.confirm(`Delete the dataset "${d.name}" and its files?`)) {
							return;
						}
						const done = await act(button, region,
							() => request(`api/v1/datasets/${seg(d.id)}`, { method: 'DELETE', signal }), 'Deleting');
						if (done !== undefined) {
							refresh();
						}
					} }, 'Delete');
				return h('div', { class: 'row-actions' }, button, region);
			} },
		], items, { caption: 'Datasets, newest first', empty: 'No datasets yet: upload one or generate a sample below.' }));
	}, 'Loading the datasets');
}

function uploadForm(signal, onDone) {
	const progress = h('progress', { max: '100', value: '0', hidden: true, 'aria-label': 'Upload progress' });
	const progressText = h('span', { class: 'muted', 'aria-live': 'polite' });
	const form = createForm({
		fields: [
			{ name: 'file', label: 'File', type: 'file', required: true, accept: '.csv,.zip,.tar,.tar.gz,.tgz',
				help: 'A CSV (a table) or a zip, tar or tar.gz of JPEG/PNG images' },
			{ name: 'name', label: 'Name', type: 'text', maxLength: 200, help: 'Default: the file name' },
			...ARCHIVE_OPTIONS,
		],
		submitLabel: 'Upload',
		signal,
		extra: [h('div', { class: 'progress-line' }, progress, progressText)],
		onSubmit: async (values) => {
			const file = values.file;
			const body = new FormData();
			body.append('file', file, file.name);
			const archive = !/\.csv$/i.test(file.name);
			const options = archive ? { labels: values.labels, labelPattern: values.labelPattern,
				validPct: values.validPct, seed: values.seed } : {};
			progress.hidden = false;
			progress.value = 0;
			try {
				const dataset = await upload(`api/v1/datasets${queryString({ name: values.name, ...options })}`, body, {
					signal,
					onProgress: (loaded, total) => {
						progress.value = Math.round((100 * loaded) / total);
						progressText.textContent = loaded < total ? `${progress.value}% sent`
							: 'Sent; Lantern is reading the file…';
					},
				});
				progressText.textContent = `Stored "${dataset.name}".`;
				onDone(dataset);
			}
			catch (error) {
				progressText.textContent = '';
				throw error;
			}
			finally {
				progress.hidden = true;
			}
		},
	});
	return form.element;
}

function sampleForm(fields, submitLabel, send, signal, onDone) {
	const form = createForm({
		fields,
		submitLabel,
		signal,
		onSubmit: async (values) => {
			const dataset = await send(values);
			replace(form.status, h('p', { role: 'status' }, `Generated "${dataset.name}". `,
				h('a', { href: `#/datasets/${seg(dataset.id)}` }, 'Open it'), '.'));
			onDone(dataset);
		},
	});
	return form.element;
}

export default {
	section: 'datasets',
	async render({ main, signal }) {
		const list = h('div', { id: 'dataset-list' });
		const refresh = () => listView(list, signal, refresh);
		main.append(heading('Datasets'),
			h('section', { class: 'card' }, h('h2', {}, 'Stored datasets'), list),
			h('div', { class: 'cards two' },
				h('section', { class: 'card', id: 'upload' }, h('h2', {}, 'Upload'),
					uploadForm(signal, refresh)),
				h('section', { class: 'card' }, h('h2', {}, 'Generate a sample'),
					h('h3', {}, 'Rossmann store sales'),
					h('p', { class: 'muted' }, 'train.csv, store.csv and store_states.csv in Kaggle\'s format, with known noise.'),
					h('div', { id: 'rossmann-sample' }, sampleForm(ROSSMANN_SAMPLE, 'Generate Rossmann data',
						(values) => post(`api/v1/datasets/samples/rossmann${queryString(values)}`, undefined, { signal }),
						signal, refresh)),
					h('h3', {}, 'Pets'),
					h('p', { class: 'muted' }, 'Synthetic images named like Oxford-IIIT Pet, one visual cue per breed.'),
					h('div', { id: 'pets-sample' }, sampleForm(PETS_SAMPLE, 'Generate pet images',
						(values) => post('api/v1/datasets/samples/pets', values, { signal }), signal, refresh)))));
		refresh();
	},
};
