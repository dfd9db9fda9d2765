// A model version's card: its facts and metrics, the tabular summary (layers, output
// shapes, parameters, embedding sizes) or the vision interpretation (confusion matrix,
// most confused pairs, top losses as images with their heatmaps, like fastai's
// plot_top_losses(heatmap=True)).

import { h, replace } from '../lib/dom.js';
import { ApiError, get, request, seg } from '../lib/api.js';
import { errorView, facts, heading, load, num, objectUrl, table, time } from '../lib/ui.js';
import { filesView } from '../lib/files.js';

// The weights training started from: file name, imported weights' id or the configured
// directory, and the start of the SHA-256; 'yes'/'no' for versions that do not name them.
function weightsView(info) {
	const weights = info.weights;
	if (!weights || typeof weights !== 'object') {
		if (info.kind !== 'vision') {
			return undefined;
		}
		return h('span', { id: 'version-weights' }, info.pretrained ? 'yes' : 'no: random weights');
	}
	return h('div', { id: 'version-weights' }, facts([
		['File', h('span', { class: 'weights-file' }, String(weights.fileName))],
		['Source', weights.id ? ['imported weights, id ', h('code', { class: 'weights-id' }, String(weights.id))]
			: 'the configured directory (lantern.vision.nets.pretrained-dir)'],
		['SHA-256', h('code', { class: 'weights-sha' }, String(weights.sha256))],
	]));
}

function infoView(info) {
	return h('section', { class: 'card' }, h('h2', {}, 'Version'), facts([
		['Kind', String(info.kind)],
		['Default', info.isDefault ? 'yes' : 'no'],
		['Created', time(info.createdAt)],
		['Trained by', info.jobId ? h('a', { href: `#/jobs/${seg(info.jobId)}` }, `job ${String(info.jobId).slice(0, 8)}`) : 'imported'],
		['Pretrained weights', weightsView(info)],
		['Classes', Array.isArray(info.labels) && info.labels.length ? info.labels.map(String).join(', ') : undefined],
	]), h('h3', {}, 'Metrics'), table([
		{ label: 'Metric', value: (m) => m[0] },
		{ label: 'Value', value: (m) => num(m[1]), numeric: true },
	], Object.entries(info.metrics || {}), { caption: 'Final metrics', className: 'metrics', empty: 'No metrics.' }),
	h('p', {}, h('a', { class: 'button', href: `#/try/${seg(info.name)}?version=${seg(info.version)}` }, 'Try this version')));
}

function schemaView(schema) {
	if (!schema || typeof schema !== 'object' || !schema.columns) {
		return null;
	}
	return h('section', { class: 'card' }, h('h2', {}, 'Input'), facts([
		['Target', schema.target ? String(schema.target) : undefined],
		['Preset', schema.preset ? String(schema.preset) : undefined],
		['Categorical', Array.isArray(schema.categorical) ? schema.categorical.map(String).join(', ') : undefined],
		['Continuous', Array.isArray(schema.continuous) ? schema.continuous.map(String).join(', ') : undefined],
	]), table([
		{ label: 'Column', value: (c) => c[0] },
		{ label: 'Type', value: (c) => String(c[1].type) },
		{ label: 'Required', value: (c) => (c[1].required ? 'yes' : 'no') },
		{ label: 'May be empty', value: (c) => (c[1].nullable ? 'yes' : 'no') },
	], Object.entries(schema.columns), { caption: 'Raw columns a prediction takes' }));
}

function summaryView(container, name, version, signal) {
	return load(container, () => get(`api/v1/models/${seg(name)}/versions/${seg(version)}/summary`, { signal }), (s) => {
		container.append(facts([
			['Parameters', num(s.totalParameters)],
			['Continuous inputs', num(s.continuousInputs)],
			['y range (log of the target)', Array.isArray(s.yRange) ? s.yRange.map((v) => num(v)).join(' to ') : undefined],
		]), table([
			{ label: 'Layer', value: (l) => String(l.name) },
			{ label: 'Type', value: (l) => String(l.type) },
			{ label: 'Inputs', value: (l) => (l.inputs || []).map(String).join(', ') },
			{ label: 'Output shape', value: (l) => `[${(l.outputShape || []).join(', ')}]` },
			{ label: 'Parameters', value: (l) => num(l.parameters), numeric: true },
			{ label: 'Activation', value: (l) => String(l.activation ?? '') },
		], s.layers || [], { caption: 'Layers', className: 'summary' }), table([
			{ label: 'Column', value: (e) => String(e.column) },
			{ label: 'Classes', value: (e) => num(e.classes), numeric: true },
			{ label: 'Embedding size', value: (e) => num(e.size), numeric: true },
		], s.embeddings || [], { caption: 'Embeddings' }));
	}, 'Loading the summary');
}

function confusionView(interpretation) {
	const labels = interpretation.labels || [];
	const rows = interpretation.confusion || [];
	const max = Math.max(1, ...rows.flat());
	return h('div', { class: 'table-wrap', tabindex: '0', role: 'region', 'aria-label': 'Confusion matrix' },
		h('table', { class: 'confusion' },
			h('caption', {}, 'Confusion matrix: rows are the actual classes, columns the predicted ones'),
			h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'actual \\ predicted'),
				labels.map((label) => h('th', { scope: 'col' }, String(label))))),
			h('tbody', {}, rows.map((row, a) => h('tr', {}, h('th', { scope: 'row' }, String(labels[a])),
				row.map((count, p) => h('td', { class: ['num', `heat-${Math.round((9 * count) / max)}`, a === p ? 'diagonal' : null] },
					num(count))))))));
}

/** The training dataset of a version, through the job that trained it; null when gone. */
async function trainingDataset(info, signal) {
	if (!info.jobId) {
		return null;
	}
	try {
		const job = await get(`api/v1/jobs/${seg(info.jobId)}`, { signal });
		return job.spec && job.spec.datasetId ? String(job.spec.datasetId) : null;
	}
	catch (error) {
		if (error instanceof ApiError && error.status === 404) {
			return null;
		}
		throw error;
	}
}

async function topLossImage(figure, loss, datasetId, info, signal) {
	const slot = h('div', { class: 'loss-image' }, h('p', { class: 'loading', role: 'status' }, 'Loading…'));
	figure.prepend(slot);
	try {
		const found = await get(`api/v1/datasets/${seg(datasetId)}/images?size=1&source=${encodeURIComponent(loss.file)}`,
			{ signal });
		if (!found.items.length) {
			replace(slot, h('p', { class: 'muted' }, 'The image is no longer in the dataset.'));
			return;
		}
		const image = await request(`api/v1/datasets/${seg(datasetId)}/images/${found.items[0].index}`, { signal, as: 'blob' });
		const body = new FormData();
		body.append('file', image, String(loss.file).split('/').pop() || 'image');
		const heat = await request(`api/v1/models/${seg(info.name)}/versions/${seg(info.version)}/heatmap`,
			{ method: 'POST', body, signal, as: 'blob' });
		replace(slot, h('img', { src: objectUrl(heat, signal), class: 'heatmap',
			alt: `Heatmap of ${loss.file}: actual ${loss.actual}, predicted ${loss.predicted}` }));
	}
	catch (error) {
		if (error.name !== 'AbortError') {
			replace(slot, errorView(error));
		}
	}
}

function interpretationView(container, info, signal) {
	const url = `api/v1/models/${seg(info.name)}/versions/${seg(info.version)}/interpretation`;
	return load(container, () => get(url, { signal }).catch((error) => {
		if (error instanceof ApiError && error.status === 404 && /interpretation/.test(error.problem.detail || '')) {
			return null;
		}
		throw error;
	}), async (interpretation) => {
		if (!interpretation) {
			container.append(h('p', {}, 'This version was trained without a validation set, so there is no interpretation.'));
			return;
		}
		const losses = h('div', { class: 'image-grid losses', id: 'top-losses' });
		container.append(
			facts([
				['Validation images', num(interpretation.images)],
				['Validation loss', num(interpretation.validLoss)],
				['Error rate', num(interpretation.errorRate)],
			]),
			h('h3', {}, 'Confusion matrix'), confusionView(interpretation),
			h('p', {}, h('a', { href: `${url}/confusion-matrix.png`, target: '_blank', rel: 'noopener' }, 'The matrix as a PNG')),
			h('h3', {}, 'Most confused'),
			table([
				{ label: 'Actual', value: (c) => String(c.actual) },
				{ label: 'Predicted', value: (c) => String(c.predicted) },
				{ label: 'Times', value: (c) => num(c.count), numeric: true },
			], interpretation.mostConfused || [], { caption: 'Most confused pairs', empty: 'No class was confused with another.' }),
			h('h3', {}, 'Top losses'),
			h('p', { class: 'muted' }, 'predicted / actual / loss / probability of the actual class, with the heatmap of '
				+ 'the predicted class.'),
			losses);
		const datasetId = await trainingDataset(info, signal);
		const figures = (interpretation.topLosses || []).map((loss) => {
			const figure = h('figure', { class: 'sample' }, h('figcaption', {},
				`${loss.predicted} / ${loss.actual} / ${num(loss.loss, 3)} / ${num(loss.probability, 2)}`,
				h('br', {}), h('span', { class: 'muted' }, String(loss.file))));
			losses.append(figure);
			return [figure, loss];
		});
		if (!datasetId) {
			losses.before(h('p', { class: 'muted' }, 'The training dataset is not known or no longer stored, '
				+ 'so the images cannot be shown.'));
			return;
		}
		for (const [figure, loss] of figures) {
			await topLossImage(figure, loss, datasetId, info, signal);
		}
	}, 'Loading the interpretation');
}

export default {
	section: 'models',
	async render({ main, params, signal }) {
		const { name, version } = params;
		const body = h('div', { class: 'cards' });
		main.append(h('p', { class: 'breadcrumb' }, h('a', { href: '#/models' }, 'Models'), ' / ',
			h('a', { href: `#/models/${seg(name)}` }, name)), heading(`${name} version ${version}`), body);
		load(body, () => get(`api/v1/models/${seg(name)}/versions/${seg(version)}`, { signal }), (info) => {
			body.append(infoView(info));
			if (info.kind === 'tabular') {
				body.append(schemaView(info.inputSchema) || '');
				const summary = h('div', {});
				body.append(h('section', { class: 'card' }, h('h2', {}, 'Summary'), summary));
				summaryView(summary, name, version, signal);
			}
			else if (info.kind === 'vision') {
				const interpretation = h('div', {});
				body.append(h('section', { class: 'card' }, h('h2', {}, 'Interpretation'), interpretation));
				interpretationView(interpretation, info, signal);
			}
			// The version's files: training curves (and the finder's plot of an "auto" rate) as
			// images, every file to download.
			const files = h('div', {});
			body.append(h('section', { class: 'card', id: 'version-files' }, h('h2', {}, 'Files'),
				h('p', { class: 'muted' }, 'Training curves, like fastai\'s plot_loss and plot_metrics, and the files '
					+ 'the version is made of.'), files));
			filesView(files, `api/v1/models/${seg(name)}/versions/${seg(version)}/artifacts`, signal,
				{ show: (file) => file !== 'confusion-matrix.png', empty: 'This version has no files.' });
		}, 'Loading the version');
	},
};
