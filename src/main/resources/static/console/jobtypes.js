// What the console knows about each job type, as data: the fields of its form on the
// Train page (defaults come from GET /api/v1/jobs/types), ready-made presets, and the
// sections of its job page. A new job type needs one entry here; a new kind of job
// output (a plot of an artifact, say) needs one entry in jobSections (pages/job.js) and
// its name in the type's `sections`.

import { get } from './lib/api.js';

const MAX_SAFE = 9007199254740991;

/** Datasets of one kind, as select options, newest first. */
function datasetsOf(kind) {
	return async (signal) => {
		const items = await get('api/v1/datasets', { signal });
		return items.filter((d) => d.kind === kind).map((d) => ({ value: d.id, label: `${d.name} (${d.id.slice(0, 8)})` }));
	};
}

const MODEL_NAME = { pattern: '[A-Za-z0-9._-]{1,100}', patternHelp: 'letters, digits, dot, dash and underscore, at most 100' };

export const jobTypes = {
	'tabular-train': {
		title: 'Tabular model (Rossmann sales)',
		description: 'Entity embeddings per categorical column, BatchNorm on the continuous ones, dense layers with '
			+ 'dropout and a sigmoid y range, trained with one cycle (fastai Lesson 6).',
		sections: ['progress', 'curves', 'result', 'spec'],
		fields: [
			{ name: 'model', label: 'Model name', type: 'text', required: true, group: 'Data', ...MODEL_NAME },
			{ name: 'datasetId', label: 'Dataset', type: 'select', required: true, group: 'Data', options: datasetsOf('tabular'),
				emptyLabel: 'No tabular dataset yet: generate or upload one' },
			{ name: 'preset', label: 'Preset', type: 'select', group: 'Data', options: ['rossmann', 'none'],
				help: 'rossmann: the lesson\'s features and columns; none: a generic table' },
			{ name: 'file', label: 'Training file', type: 'text', maxLength: 255, group: 'Data',
				help: 'The table\'s file in the dataset when it holds several (Rossmann: train.csv)' },
			{ name: 'storeDatasetId', label: 'Store dataset', type: 'select', group: 'Data', options: datasetsOf('tabular'),
				help: 'Rossmann: the dataset with store.csv when it is not the training dataset' },
			{ name: 'target', label: 'Target column', type: 'text', maxLength: 255, group: 'Data', help: 'Rossmann: Sales' },
			{ name: 'categorical', label: 'Categorical columns', type: 'strings', group: 'Data', help: 'Comma-separated' },
			{ name: 'continuous', label: 'Continuous columns', type: 'strings', group: 'Data', help: 'Comma-separated' },
			{ name: 'dateColumn', label: 'Date column', type: 'text', maxLength: 255, group: 'Data' },
			{ name: 'layers', label: 'Hidden layers', type: 'ints', min: 1, max: 100000, maxItems: 10, group: 'Network',
				help: 'Sizes, comma-separated' },
			{ name: 'ps', label: 'Dropout per layer', type: 'numbers', min: 0, max: 0.99, maxItems: 10, group: 'Network' },
			{ name: 'embeddingDropout', label: 'Embedding dropout', type: 'number', min: 0, max: 0.99, group: 'Network' },
			{ name: 'yRangeHeadroom', label: 'y range headroom', type: 'number', min: 1, max: 100, group: 'Network' },
			{ name: 'epochs', label: 'Epochs', type: 'int', min: 1, max: 1000, group: 'Training',
				placeholder: 'from the data' },
			{ name: 'learningRate', label: 'Peak learning rate', type: 'number', min: 0, max: 10, group: 'Training',
				placeholder: 'from the data' },
			{ name: 'weightDecay', label: 'Weight decay', type: 'number', min: 0, max: 10, group: 'Training' },
			{ name: 'batchSize', label: 'Batch size', type: 'int', min: 1, max: 65536, group: 'Training',
				placeholder: 'from the data' },
			{ name: 'seed', label: 'Seed', type: 'int', min: -MAX_SAFE, max: MAX_SAFE, group: 'Training' },
			{ name: 'validation', label: 'Validation', type: 'select', group: 'Validation',
				options: [{ value: 'last-days', label: 'the most recent days' }, { value: 'random', label: 'random rows' }],
				help: 'Default: the most recent days where there is a date' },
			{ name: 'validDays', label: 'Validation days', type: 'int', min: 1, max: 100000, group: 'Validation' },
			{ name: 'validFraction', label: 'Validation fraction', type: 'number', min: 0.01, max: 0.9, group: 'Validation' },
		],
		presets: [
			{ label: 'Small and quick',
				values: { layers: [200, 100], ps: [0.001, 0.01], epochs: 3, learningRate: 0.01, batchSize: 128, validDays: 14 } },
		],
	},
	'vision-train': {
		title: 'Image classifier (pets)',
		description: 'A ResNet body with fastai\'s head: a frozen stage, then the whole network with discriminative '
			+ 'learning rates, with fastai\'s data augmentation (Lesson 6).',
		sections: ['progress', 'curves', 'result', 'spec'],
		fields: [
			{ name: 'modelName', label: 'Model name', type: 'text', required: true, group: 'Data', ...MODEL_NAME },
			{ name: 'datasetId', label: 'Dataset', type: 'select', required: true, group: 'Data', options: datasetsOf('images'),
				emptyLabel: 'No image dataset yet: generate or upload one' },
			{ name: 'architecture', label: 'Architecture', type: 'select', group: 'Network',
				options: ['resnet18', 'resnet34', 'resnet50', 'resnet50-zoo', 'simple-cnn'] },
			{ name: 'width', label: 'Body width', type: 'int', min: 4, max: 256, group: 'Network',
				help: 'Channels of the first stage; default the architecture\'s own (64 for ResNets)' },
			{ name: 'pretrained', label: 'Start from pretrained weights', type: 'bool', group: 'Network',
				help: 'The newest weights imported for the architecture and width (POST /api/v1/pretrained); none is refused' },
			{ name: 'bnFinal', label: 'BatchNorm at the end of the head', type: 'bool', group: 'Network' },
			{ name: 'imageSize', label: 'Image side (px)', type: 'int', min: 16, max: 1024, group: 'Training' },
			{ name: 'batchSize', label: 'Batch size', type: 'int', min: 1, max: 1024, group: 'Training' },
			{ name: 'frozenEpochs', label: 'Frozen epochs', type: 'int', min: 0, max: 1000, group: 'Training' },
			{ name: 'frozenLr', label: 'Frozen learning rate', type: 'number', min: 0, max: 10, group: 'Training' },
			{ name: 'unfrozenEpochs', label: 'Unfrozen epochs', type: 'int', min: 0, max: 1000, group: 'Training' },
			{ name: 'unfrozenLrMin', label: 'Unfrozen learning rate, first group', type: 'number', min: 0, max: 10,
				group: 'Training' },
			{ name: 'unfrozenLrMax', label: 'Unfrozen learning rate, head', type: 'number', min: 0, max: 10, group: 'Training' },
			{ name: 'pctStart', label: 'Warm-up share of a cycle', type: 'number', min: 0, max: 1, group: 'Training' },
			{ name: 'weightDecay', label: 'Weight decay', type: 'number', min: 0, max: 1, group: 'Training' },
			{ name: 'seed', label: 'Seed', type: 'int', min: -MAX_SAFE, max: MAX_SAFE, group: 'Training' },
			{ name: 'transforms.doFlip', label: 'Flip left-right', type: 'bool', group: 'Augmentation' },
			{ name: 'transforms.flipVert', label: 'Flip vertically, rotate by 90°', type: 'bool', group: 'Augmentation' },
			{ name: 'transforms.maxRotate', label: 'Largest rotation (°)', type: 'number', min: 0, max: 180, group: 'Augmentation' },
			{ name: 'transforms.maxZoom', label: 'Largest zoom', type: 'number', min: 1, max: 4, group: 'Augmentation' },
			{ name: 'transforms.maxLighting', label: 'Largest lighting change', type: 'number', min: 0, max: 0.99,
				group: 'Augmentation' },
			{ name: 'transforms.maxWarp', label: 'Largest warp', type: 'number', min: 0, max: 0.9, group: 'Augmentation' },
			{ name: 'transforms.pAffine', label: 'Probability of affine', type: 'number', min: 0, max: 1, group: 'Augmentation' },
			{ name: 'transforms.pLighting', label: 'Probability of lighting', type: 'number', min: 0, max: 1,
				group: 'Augmentation' },
			{ name: 'transforms.padding', label: 'Padding', type: 'select', options: ['reflection', 'zeros', 'border'],
				group: 'Augmentation' },
		],
		presets: [
			{ label: 'Small ResNet-18 from scratch (the README\'s)',
				values: { architecture: 'resnet18', width: 8, pretrained: false, imageSize: 64, batchSize: 16, frozenEpochs: 0,
					unfrozenEpochs: 12, unfrozenLrMin: 0.005, unfrozenLrMax: 0.02, pctStart: 0.3 } },
		],
	},
	'tabular-predict': {
		title: 'Batch predictions',
		sections: ['progress', 'result', 'spec'],
	},
};

/** The description of a type; unknown types get the generic job page and no form. */
export function jobType(name) {
	return jobTypes[name] || { title: name, sections: ['progress', 'curves', 'result', 'spec'] };
}
