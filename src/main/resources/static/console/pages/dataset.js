// One dataset: its report. A CSV shows its column profile; an image dataset its counts
// per class, a grid of sample images with their labels (fastai's show_batch) and the
// augmentation preview of a chosen image.

import { h, replace } from '../lib/dom.js';
import { get, request, seg } from '../lib/api.js';
import { createForm, queryString } from '../lib/forms.js';
import { act, errorView, facts, heading, load, num, objectUrl, outcomeRegion, table, time }
	from '../lib/ui.js';

const GRID_SIZE = 12;

const AUGMENTATION = [
	{ name: 'size', label: 'Side (px)', type: 'int', min: 16, max: 1024, default: 224 },
	{ name: 'views', label: 'Views', type: 'int', min: 1, max: 32, default: 8 },
	{ name: 'columns', label: 'Columns', type: 'int', min: 1, max: 16, default: 4 },
	{ name: 'seed', label: 'Seed', type: 'int', min: -9007199254740991, max: 9007199254740991, default: 42 },
	{ name: 'doFlip', label: 'Flip left-right', type: 'bool', default: true },
	{ name: 'flipVert', label: 'Flip vertically and rotate by 90°', type: 'bool', default: false },
	{ name: 'maxRotate', label: 'Largest rotation (°)', type: 'number', min: 0, max: 180, default: 10 },
	{ name: 'maxZoom', label: 'Largest zoom', type: 'number', min: 1, max: 4, default: 1.1 },
	{ name: 'maxLighting', label: 'Largest lighting change', type: 'number', min: 0, max: 0.99, default: 0.2 },
	{ name: 'maxWarp', label: 'Largest warp', type: 'number', min: 0, max: 0.9, default: 0.2 },
	{ name: 'pAffine', label: 'Probability of affine', type: 'number', min: 0, max: 1, default: 0.75 },
	{ name: 'pLighting', label: 'Probability of lighting', type: 'number', min: 0, max: 1, default: 0.75 },
	{ name: 'padding', label: 'Padding', type: 'select', default: 'reflection', options: ['reflection', 'zeros', 'border'] },
];

function profileView(columns) {
	return table([
		{ label: 'Column', value: (c) => h('strong', {}, String(c.name)) },
		{ label: 'Type', value: (c) => String(c.type) },
		{ label: 'Suggested role', value: (c) => String(c.suggested) },
		{ label: 'Probably categorical', value: (c) => (c.probablyCategorical ? 'yes' : 'no') },
		{ label: 'Distinct', value: (c) => (c.distinct ?? (c.distinctMoreThan !== undefined ? `> ${num(c.distinctMoreThan)}` : '–')), numeric: true },
		{ label: 'Missing', value: (c) => num(c.missing), numeric: true },
		{ label: 'Min', value: (c) => num(c.min), numeric: true },
		{ label: 'Max', value: (c) => num(c.max), numeric: true },
		{ label: 'Samples', value: (c) => (Array.isArray(c.samples) ? c.samples.map(String).join(' · ') : '') },
	], columns, { caption: 'Column profile', className: 'profile' });
}

const PAGE_SIZES = [10, 25, 100, 1000];

/**
 * The column profile in pages (columnOffset, columnLimit): the server returns at most
 * columnLimit columns however wide the file is, so a wide table is read page by page.
 */
function columnsView(dataset, signal) {
	const first = dataset.report;
	const position = h('p', { id: 'profile-position', role: 'status' });
	const holder = h('div', {});
	const previous = h('button', { type: 'button', class: 'secondary', id: 'profile-previous' }, 'Previous columns');
	const next = h('button', { type: 'button', class: 'secondary', id: 'profile-next' }, 'Next columns');
	const sizeId = 'profile-page-size';
	const limit = first.columnLimit ?? 100;
	const size = h('select', { id: sizeId }, PAGE_SIZES.map((n) => h('option', { value: String(n),
		selected: n === limit }, String(n))));
	if (!PAGE_SIZES.includes(limit)) {
		size.append(h('option', { value: String(limit), selected: true }, String(limit)));
	}
	let offset = first.columnOffset ?? 0;
	let count = first.columnCount ?? first.columns.length;
	const show = (report) => {
		count = report.columnCount ?? report.columns.length;
		offset = report.columnOffset ?? 0;
		const to = offset + report.columns.length;
		position.textContent = count === 0 ? 'No columns.'
			: `Columns ${num(Math.min(offset + 1, count))} to ${num(to)} of ${num(count)}.`;
		previous.disabled = offset === 0;
		next.disabled = to >= count;
		replace(holder, profileView(report.columns));
	};
	const page = (from) => load(holder, () => get(`api/v1/datasets/${seg(dataset.id)}?columnOffset=${from}`
		+ `&columnLimit=${size.value}`, { signal }), (d) => show(d.report), 'Loading the columns');
	previous.addEventListener('click', () => page(Math.max(0, offset - Number(size.value))));
	next.addEventListener('click', () => page(offset + Number(size.value)));
	size.addEventListener('change', () => page(0));
	show(first);
	return h('section', { class: 'card', id: 'columns' }, h('h2', {}, 'Columns'),
		h('p', { class: 'muted' }, 'The profile of a wide table comes in pages of columns; the type and suggested role '
			+ 'come from the data.'),
		h('div', { class: 'pager' }, h('label', { for: sizeId }, 'Columns per page'), size, previous, next), position,
		holder);
}

function countsView(report) {
	const counts = report.countsPerClass || {};
	const rows = Object.entries(counts).map(([label, split]) => ({ label, train: split.train, valid: split.valid }));
	return table([
		{ label: 'Class', value: (r) => r.label },
		{ label: 'Training', value: (r) => num(r.train), numeric: true },
		{ label: 'Validation', value: (r) => num(r.valid), numeric: true },
	], rows, { caption: 'Images per class', className: 'counts' });
}

function skippedView(report) {
	if (!report.skippedCount) {
		return null;
	}
	return h('details', {}, h('summary', {}, `${num(report.skippedCount)} files skipped`),
		table([
			{ label: 'File', value: (s) => String(s.file) },
			{ label: 'Reason', value: (s) => String(s.reason) },
		], report.skipped || [], { caption: 'Skipped files' }));
}

/** Loads one dataset image as an object URL. */
async function imageUrl(id, index, signal) {
	const blob = await request(`api/v1/datasets/${seg(id)}/images/${index}`, { signal, as: 'blob' });
	return { blob, url: objectUrl(blob, signal) };
}

function imagesView(dataset, signal) {
	const grid = h('div', { class: 'image-grid', id: 'sample-grid' });
	const preview = h('div', { class: 'augment-preview', 'aria-live': 'polite' });
	let seed = 1;
	let chosen = null;
	const chosenLabel = h('p', { class: 'muted', id: 'chosen-image' }, 'Choose an image in the grid above.');
	const augment = createForm({
		fields: AUGMENTATION,
		submitLabel: 'Preview the augmentations',
		signal,
		onSubmit: async (values) => {
			if (!chosen) {
				throw new Error('Choose an image in the grid first');
			}
			const body = new FormData();
			body.append('file', chosen.blob, chosen.source.split('/').pop() || 'image');
			const png = await request(`api/v1/vision/augmentations${queryString(values)}`,
				{ method: 'POST', body, signal, as: 'blob' });
			replace(preview, h('img', { src: objectUrl(png, signal), class: 'augmented',
				alt: `Augmented views of ${chosen.source} (${chosen.label})` }));
		},
	});
	const showBatch = () => load(grid, () => get(`api/v1/datasets/${seg(dataset.id)}/images?size=${GRID_SIZE}&seed=${seed}`,
		{ signal }), async (page) => {
		if (!page.items.length) {
			grid.append(h('p', { class: 'empty' }, 'This dataset has no images.'));
			return;
		}
		for (const item of page.items) {
			const img = h('img', { alt: `${item.label} (${item.source})`, loading: 'lazy' });
			const caption = h('figcaption', { class: 'label' }, String(item.label));
			const button = h('button', { type: 'button', class: 'image-choice', 'aria-pressed': 'false',
				'aria-label': `Use ${item.source}, class ${item.label}, for the augmentation preview` }, img);
			const figure = h('figure', { class: 'sample', dataset: { index: String(item.index) } }, button, caption);
			grid.append(figure);
			imageUrl(dataset.id, item.index, signal).then(({ blob, url }) => {
				img.src = url;
				button.addEventListener('click', () => {
					grid.querySelectorAll('.image-choice').forEach((b) => b.setAttribute('aria-pressed', 'false'));
					button.setAttribute('aria-pressed', 'true');
					chosen = { blob, source: String(item.source), label: String(item.label) };
					chosenLabel.textContent = `Chosen: ${item.source} (${item.label})`;
				});
			}).catch((error) => {
				if (error.name !== 'AbortError') {
					figure.append(errorView(error));
				}
			});
		}
	}, 'Loading images');
	showBatch();
	return [
		h('section', { class: 'card' }, h('h2', {}, 'A batch of images'),
			h('p', { class: 'muted' }, 'A random sample with its labels, like fastai\'s show_batch.'),
			h('button', { type: 'button', class: 'secondary', onclick: () => {
				seed += 1;
				showBatch();
			} }, 'Show another batch'),
			grid),
		h('section', { class: 'card' }, h('h2', {}, 'Augmentation preview'),
			h('p', { class: 'muted' }, 'What the training transforms (fastai\'s get_transforms) do to the chosen image.'),
			chosenLabel, augment.element, preview),
	];
}

function reportView(dataset, signal) {
	const report = dataset.report || {};
	const summary = facts([
		['Kind', String(dataset.kind)],
		['Id', h('code', {}, String(dataset.id))],
		['Created', time(dataset.createdAt)],
		['Files', Array.isArray(report.files) ? report.files.map(String).join(', ') : undefined],
		['Rows', report.rows !== undefined ? num(report.rows) : undefined],
		['Images', report.images !== undefined ? num(report.images) : undefined],
		['Training / validation', report.train !== undefined ? `${num(report.train)} / ${num(report.valid)}` : undefined],
		['Labels from', report.labels !== undefined ? String(report.labels) : undefined],
		['Stores × days', report.stores !== undefined ? `${num(report.stores)} × ${num(report.days)}` : undefined],
		['Best achievable RMSPE', report.rmspeFloor !== undefined ? num(report.rmspeFloor) : undefined],
	]);
	const trainType = dataset.kind === 'images' ? 'vision-train' : 'tabular-train';
	const sections = [h('section', { class: 'card' }, h('h2', {}, 'Summary'), summary,
		h('p', {}, h('a', { class: 'button', href: `#/train/${trainType}?datasetId=${seg(dataset.id)}` }, 'Train on this dataset')))];
	if (Array.isArray(report.columns)) {
		sections.push(columnsView(dataset, signal));
	}
	if (dataset.kind === 'images') {
		sections.push(h('section', { class: 'card' }, h('h2', {}, 'Classes'), countsView(report), skippedView(report)));
		sections.push(...imagesView(dataset, signal));
	}
	return sections;
}

export default {
	section: 'datasets',
	async render({ main, params, signal, navigate }) {
		const title = heading('Dataset');
		const body = h('div', { class: 'cards' });
		const region = outcomeRegion();
		const remove = h('button', { type: 'button', class: 'danger', onclick: async () => {
			if (!window.confirm('Delete this dataset and its files?')) {
				return;
			}
			const done = await act(remove, region, () => request(`api/v1/datasets/${seg(params.id)}`,
				{ method: 'DELETE', signal }), 'Deleting');
			if (done !== undefined) {
				navigate('/datasets');
			}
		} }, 'Delete this dataset');
		main.append(h('p', { class: 'breadcrumb' }, h('a', { href: '#/datasets' }, 'Datasets')), title, body,
			h('div', { class: 'card' }, remove, region));
		load(body, () => get(`api/v1/datasets/${seg(params.id)}`, { signal }), (dataset) => {
			title.textContent = `Dataset ${dataset.name}`;
			document.title = `${dataset.name} · Lantern`;
			body.append(...reportView(dataset, signal));
		}, 'Loading the dataset');
	},
};
