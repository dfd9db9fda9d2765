// Models: the registry's models with their default version, and archive import; the
// pretrained weights imported from PyTorch (which vision-train and vision-lr-find pick by
// id), their import and deletion.

import { h, replace } from '../lib/dom.js';
import { get, request, seg, upload } from '../lib/api.js';
import { createForm, queryString } from '../lib/forms.js';
import { act, bytes, heading, load, num, outcomeRegion, table, time } from '../lib/ui.js';

function importForm(signal, navigate) {
	const progress = h('progress', { max: '100', value: '0', hidden: true, 'aria-label': 'Upload progress' });
	const form = createForm({
		fields: [
			{ name: 'file', label: 'Archive', type: 'file', required: true, accept: '.zip',
				help: 'A zip made by a version\'s archive download' },
			{ name: 'name', label: 'Register as', type: 'text', pattern: '[A-Za-z0-9._-]{1,100}',
				patternHelp: 'letters, digits, dot, dash and underscore, at most 100', help: 'Default: the name in the archive' },
		],
		submitLabel: 'Import',
		signal,
		extra: [progress],
		onSubmit: async (values) => {
			const body = new FormData();
			body.append('file', values.file, values.file.name);
			progress.hidden = false;
			try {
				const version = await upload(`api/v1/models${queryString({ name: values.name })}`, body, {
					signal, onProgress: (loaded, total) => {
						progress.value = Math.round((100 * loaded) / total);
					},
				});
				navigate(`/models/${seg(version.name)}/versions/${seg(version.version)}`);
			}
			finally {
				progress.hidden = true;
			}
		},
	});
	return form.element;
}

function weightsList(container, signal) {
	return load(container, () => get('api/v1/pretrained', { signal }), (weights) => {
		const region = outcomeRegion();
		container.append(table([
			{ label: 'File', value: (w) => h('span', { class: 'weights-file' }, String(w.fileName)) },
			{ label: 'Architecture', value: (w) => String(w.architecture) },
			{ label: 'Width', value: (w) => num(w.baseWidth), numeric: true },
			{ label: 'Parameters', value: (w) => num(w.parameters), numeric: true },
			{ label: 'Size', value: (w) => bytes(w.bytes), numeric: true },
			{ label: 'Id', value: (w) => h('code', {}, String(w.id)) },
			{ label: 'Imported', value: (w) => time(w.addedAt) },
			{ label: '', value: (w) => {
				const remove = h('button', { type: 'button', class: 'danger small', 'aria-label': `Delete ${w.fileName}`,
					onclick: async () => {
						if (!window.confirm(`Delete the weights ${w.fileName}? Versions trained on them keep naming them.`)) {
							return;
						}
						const done = await act(remove, region, () => request(`api/v1/pretrained/${seg(w.id)}`,
							{ method: 'DELETE', signal }), 'Deleting');
						if (done !== undefined) {
							weightsList(container, signal);
						}
					} }, 'Delete');
				return remove;
			} },
		], weights, { caption: 'Imported weights, newest first', className: 'weights',
			empty: 'No weights imported: vision training with pretrained weights uses the configured directory\'s files.' }),
		region);
	}, 'Loading the weights');
}

function weightsForm(list, signal) {
	const progress = h('progress', { max: '100', value: '0', hidden: true, 'aria-label': 'Upload progress' });
	const form = createForm({
		fields: [
			{ name: 'file', label: 'Weights', type: 'file', required: true, accept: '.pth,.pt,.safetensors',
				help: 'A torchvision-named ResNet state dict: torch.save\'s file (.pth, .pt) or safetensors' },
			{ name: 'architecture', label: 'Architecture', type: 'select', options: ['resnet18', 'resnet34', 'resnet50'],
				help: 'Default: read from the tensor shapes' },
		],
		submitLabel: 'Import the weights',
		signal,
		extra: [progress],
		onSubmit: async (values, api) => {
			const body = new FormData();
			body.append('file', values.file, values.file.name);
			progress.hidden = false;
			try {
				const weights = await upload(`api/v1/pretrained${queryString({ architecture: values.architecture })}`, body, {
					signal, onProgress: (loaded, total) => {
						progress.value = Math.round((100 * loaded) / total);
					},
				});
				replace(api.status, h('p', { class: 'success', role: 'status' },
					`Imported ${weights.fileName}: ${weights.architecture}, width ${weights.baseWidth}, id ${weights.id}.`));
				weightsList(list, signal);
			}
			finally {
				progress.hidden = true;
			}
		},
	});
	form.element.id = 'weights-import';
	return form.element;
}

export default {
	section: 'models',
	async render({ main, signal, navigate }) {
		const list = h('div', {});
		const weights = h('div', { id: 'weights-list' });
		main.append(heading('Models'),
			h('section', { class: 'card' }, h('h2', {}, 'Registered models'), list),
			h('section', { class: 'card' }, h('h2', {}, 'Import an archive'), importForm(signal, navigate)),
			h('section', { class: 'card', id: 'pretrained' }, h('h2', {}, 'Pretrained weights'),
				h('p', { class: 'muted' }, 'ResNet weights from PyTorch (torchvision, timm), for vision training\'s '
					+ '"Pretrained weights" choice. Each file is checked completely before it is stored.'),
				weights, h('h3', {}, 'Import weights'), weightsForm(weights, signal)));
		weightsList(weights, signal);
		load(list, () => get('api/v1/models', { signal }), (models) => {
			list.append(table([
				{ label: 'Name', value: (m) => h('a', { href: `#/models/${seg(m.name)}` }, String(m.name)) },
				{ label: 'Kind', value: (m) => String(m.kind ?? '') },
				{ label: 'Default version', value: (m) => (m.defaultVersion ? h('a',
					{ href: `#/models/${seg(m.name)}/versions/${seg(m.defaultVersion)}` }, `v${m.defaultVersion}`) : '–') },
				{ label: 'Versions', value: (m) => num(m.versions), numeric: true },
				{ label: 'Updated', value: (m) => time(m.updatedAt) },
				{ label: '', value: (m) => h('a', { href: `#/try/${seg(m.name)}` }, 'Try it') },
			], models, { caption: 'Models', empty: 'No models yet: train one on the Train page.' }));
		}, 'Loading the models');
	},
};
