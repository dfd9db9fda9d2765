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

/** The pretrained choices of a vision form: the architecture's default, none, or imported weights by id. */
async function pretrainedChoices(signal) {
	const weights = await get('api/v1/pretrained', { signal });
	return [
		{ value: 'true', label: 'yes: the newest weights of the architecture and width' },
		{ value: 'false', label: 'no: random weights' },
		...weights.map((w) => ({ value: String(w.id),
			label: `${w.fileName} (${w.architecture}, width ${w.baseWidth}, id ${String(w.id).slice(0, 8)})` })),
	];
}

const AUTO_HELP = 'A number, or auto: the learning-rate finder runs first (fastai\'s lr_find) and training takes its '
	+ 'valley suggestion; the job page shows the rate it chose and the finder\'s plot';

const MODEL_NAME = { pattern: '[A-Za-z0-9._-]{1,100}', patternHelp: 'letters, digits, dot, dash and underscore, at most 100' };

const TABULAR_DATA = [
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
];

const TABULAR_NETWORK = [
	{ name: 'layers', label: 'Hidden layers', type: 'ints', min: 1, max: 100000, maxItems: 10, group: 'Network',
		help: 'Sizes, comma-separated' },
	{ name: 'ps', label: 'Dropout per layer', type: 'numbers', min: 0, max: 0.99, maxItems: 10, group: 'Network' },
	{ name: 'embeddingDropout', label: 'Embedding dropout', type: 'number', min: 0, max: 0.99, group: 'Network' },
	{ name: 'yRangeHeadroom', label: 'y range headroom', type: 'number', min: 1, max: 10, group: 'Network' },
];

const TABULAR_BATCH = { name: 'batchSize', label: 'Batch size', type: 'int', min: 1, max: 65536, group: 'Training',
	fromData: '64 to 512 by the number of training rows' };

const TABULAR_VALIDATION = [
	{ name: 'validation', label: 'Validation', type: 'select', group: 'Validation',
		options: [{ value: 'last-days', label: 'the most recent days' }, { value: 'random', label: 'random rows' }],
		help: 'Default: the most recent days where there is a date' },
	{ name: 'validDays', label: 'Validation days', type: 'int', min: 1, max: 36500, group: 'Validation' },
	{ name: 'validFraction', label: 'Validation fraction', type: 'number', min: 0.01, max: 0.9, group: 'Validation' },
];

const SEED = { name: 'seed', label: 'Seed', type: 'int', min: -MAX_SAFE, max: MAX_SAFE, group: 'Training' };

const VISION_NETWORK = [
	{ name: 'architecture', label: 'Architecture', type: 'select', group: 'Network',
		options: ['resnet18', 'resnet34', 'resnet50', 'resnet50-zoo', 'simple-cnn'] },
	{ name: 'width', label: 'Body width', type: 'int', min: 4, max: 256, group: 'Network',
		help: 'Channels of the first stage; default the architecture\'s own (64 for ResNets)' },
	{ name: 'pretrained', label: 'Pretrained weights', type: 'select', group: 'Network', options: pretrainedChoices,
		help: 'yes: the newest weights imported for the architecture and width (POST /api/v1/pretrained), else the '
			+ 'configured directory\'s file, and none is refused; or imported weights by id, which must match the '
			+ 'architecture and width' },
	{ name: 'bnFinal', label: 'BatchNorm at the end of the head', type: 'bool', group: 'Network' },
];

const VISION_AUGMENTATION = [
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
];

// fastai's lr_find arguments; the defaults come from the server.
const FINDER = [
	{ name: 'startLr', label: 'First learning rate', type: 'number', min: 0, minExclusive: true, max: 10,
		group: 'Finder', help: 'fastai start_lr' },
	{ name: 'endLr', label: 'Last learning rate', type: 'number', min: 0, minExclusive: true, max: 10, group: 'Finder',
		help: 'fastai end_lr; above the first' },
	{ name: 'iterations', label: 'Iterations', type: 'int', min: 10, max: 1000, group: 'Finder',
		help: 'Mini-batches in the sweep (fastai num_it), 10 to 1000' },
	{ name: 'stopDiv', label: 'Stop when the loss diverges', type: 'bool', group: 'Finder',
		help: 'fastai stop_div: stop once the smoothed loss passes 4 times its minimum' },
];

const FINDER_DESCRIPTION = 'fastai\'s lr_find: mini-batches at a learning rate growing from the first to the last '
	+ 'rate, the smoothed loss plotted against the rate, and fastai\'s suggestions (valley, steep, minimum/10). The '
	+ 'network is put back as it was and nothing is published; train with a suggestion from the job\'s page.';

export const jobTypes = {
	'tabular-train': {
		title: 'Tabular model (Rossmann sales)',
		description: 'Entity embeddings per categorical column, BatchNorm on the continuous ones, dense layers with '
			+ 'dropout and a sigmoid y range, trained with one cycle (fastai Lesson 6).',
		sections: ['progress', 'curves', 'result', 'autoRate', 'files', 'spec'],
		fields: [
			{ name: 'model', label: 'Model name', type: 'text', required: true, group: 'Data', ...MODEL_NAME },
			...TABULAR_DATA,
			...TABULAR_NETWORK,
			{ name: 'epochs', label: 'Epochs', type: 'int', min: 1, max: 1000, group: 'Training',
				fromData: 'enough for about 2000 steps, 5 to 20' },
			{ name: 'learningRate', label: 'Peak learning rate', type: 'rate', min: 0, minExclusive: true, max: 10,
				group: 'Training', help: AUTO_HELP, fromData: '1e-3 at a batch of 512, higher for smaller batches' },
			{ name: 'weightDecay', label: 'Weight decay', type: 'number', min: 0, max: 1, group: 'Training' },
			TABULAR_BATCH,
			SEED,
			...TABULAR_VALIDATION,
		],
		presets: [
			{ label: 'Small and quick',
				values: { layers: [200, 100], ps: [0.001, 0.01], epochs: 3, learningRate: 0.01, batchSize: 128, validDays: 14 } },
		],
	},
	'tabular-lr-find': {
		title: 'Learning rate finder, tabular',
		description: FINDER_DESCRIPTION,
		sections: ['progress', 'finder', 'spec'],
		submitLabel: 'Start the finder',
		trainWith: { type: 'tabular-train', rate: () => 'learningRate' },
		fields: [
			...TABULAR_DATA,
			...TABULAR_NETWORK,
			{ name: 'weightDecay', label: 'Weight decay', type: 'number', min: 0, max: 1, group: 'Training' },
			TABULAR_BATCH,
			SEED,
			...TABULAR_VALIDATION,
			...FINDER,
		],
		presets: [
			{ label: 'Quick sweep', values: { layers: [200, 100], ps: [0.001, 0.01], batchSize: 128, iterations: 50 } },
		],
	},
	'vision-train': {
		title: 'Image classifier (pets)',
		description: 'A ResNet body with fastai\'s head: a frozen stage, then the whole network with discriminative '
			+ 'learning rates, with fastai\'s data augmentation (Lesson 6), and optionally a stage on larger images '
			+ '(progressive resizing).',
		sections: ['progress', 'curves', 'result', 'autoRate', 'files', 'spec'],
		fields: [
			{ name: 'modelName', label: 'Model name', type: 'text', required: true, group: 'Data', ...MODEL_NAME },
			{ name: 'datasetId', label: 'Dataset', type: 'select', required: true, group: 'Data', options: datasetsOf('images'),
				emptyLabel: 'No image dataset yet: generate or upload one' },
			...VISION_NETWORK,
			{ name: 'imageSize', label: 'Image side (px)', type: 'int', min: 16, max: 1024, group: 'Training' },
			{ name: 'batchSize', label: 'Batch size', type: 'int', min: 1, max: 1024, group: 'Training' },
			{ name: 'frozenEpochs', label: 'Frozen epochs', type: 'int', min: 0, max: 1000, group: 'Training' },
			{ name: 'frozenLr', label: 'Frozen learning rate', type: 'rate', min: 0, minExclusive: true, max: 10,
				group: 'Training', help: AUTO_HELP },
			{ name: 'unfrozenEpochs', label: 'Unfrozen epochs', type: 'int', min: 0, max: 1000, group: 'Training' },
			{ name: 'unfrozenLrMin', label: 'Unfrozen learning rate, first group', type: 'number', min: 0,
				minExclusive: true, max: 10, group: 'Training' },
			{ name: 'unfrozenLrMax', label: 'Unfrozen learning rate, head', type: 'rate', min: 0, minExclusive: true, max: 10,
				group: 'Training', help: `${AUTO_HELP} (the finder runs on the unfrozen network, after the frozen stage)` },
			{ name: 'pctStart', label: 'Warm-up share of a cycle', type: 'number', min: 0, max: 1, group: 'Training' },
			{ name: 'weightDecay', label: 'Weight decay', type: 'number', min: 0, max: 1, group: 'Training' },
			SEED,
			// The optional third stage (fastai lesson 6's progressive resizing). Its defaults are
			// the lesson's (ResizeStage.LESSON on the server); the job types' defaults have none,
			// as a spec without the stage has none.
			{ name: 'resize', label: 'Then train on larger images', type: 'bool', whenChecked: {}, group: 'Resize stage',
				help: 'Lesson 6: learn.data = get_data(352, bs), then fit_one_cycle(2, max_lr=slice(1e-6,1e-4)); '
					+ 'the version then takes images of this size' },
			{ name: 'resize.imageSize', label: 'Larger image side (px)', type: 'int', min: 16, max: 1024, default: 352,
				enabledBy: 'resize', group: 'Resize stage', help: 'Larger than the image side above' },
			{ name: 'resize.epochs', label: 'Epochs at that size', type: 'int', min: 1, max: 1000, default: 2,
				enabledBy: 'resize', group: 'Resize stage' },
			{ name: 'resize.batchSize', label: 'Batch size at that size', type: 'int', min: 1, max: 1024,
				enabledBy: 'resize', group: 'Resize stage', help: 'Default: the batch size above' },
			{ name: 'resize.lrMin', label: 'Learning rate, first group', type: 'number', min: 0, max: 10, default: 1e-6,
				enabledBy: 'resize', group: 'Resize stage' },
			{ name: 'resize.lrMax', label: 'Learning rate, head', type: 'number', min: 0, max: 10, default: 1e-4,
				enabledBy: 'resize', group: 'Resize stage', help: 'At least the first group\'s' },
			{ name: 'resize.pctStart', label: 'Warm-up share', type: 'number', min: 0, max: 1, default: 0.3,
				enabledBy: 'resize', group: 'Resize stage' },
			...VISION_AUGMENTATION,
		],
		presets: [
			{ label: 'Small ResNet-18 from scratch (the README\'s)',
				values: { architecture: 'resnet18', width: 8, pretrained: false, imageSize: 64, batchSize: 16, frozenEpochs: 0,
					unfrozenEpochs: 12, unfrozenLrMin: 0.005, unfrozenLrMax: 0.02, pctStart: 0.3 } },
		],
	},
	'vision-lr-find': {
		title: 'Learning rate finder, images',
		description: `${FINDER_DESCRIPTION} Lesson 6 runs it on the frozen network before the first fit and on the `
			+ 'unfrozen one before the second.',
		sections: ['progress', 'finder', 'spec'],
		submitLabel: 'Start the finder',
		trainWith: { type: 'vision-train', rate: (spec) => (spec.stage === 'unfrozen' ? 'unfrozenLrMax' : 'frozenLr') },
		fields: [
			{ name: 'datasetId', label: 'Dataset', type: 'select', required: true, group: 'Data', options: datasetsOf('images'),
				emptyLabel: 'No image dataset yet: generate or upload one' },
			...VISION_NETWORK,
			{ name: 'stage', label: 'Stage', type: 'select', group: 'Finder',
				options: [{ value: 'frozen', label: 'frozen: the body frozen, before the first fit' },
					{ value: 'unfrozen', label: 'unfrozen: every layer group trains' }] },
			...FINDER,
			{ name: 'imageSize', label: 'Image side (px)', type: 'int', min: 16, max: 1024, group: 'Training' },
			{ name: 'batchSize', label: 'Batch size', type: 'int', min: 1, max: 1024, group: 'Training' },
			{ name: 'weightDecay', label: 'Weight decay', type: 'number', min: 0, max: 1, group: 'Training' },
			SEED,
			...VISION_AUGMENTATION,
		],
		presets: [
			{ label: 'Small ResNet-18 from scratch',
				values: { architecture: 'resnet18', width: 8, pretrained: false, imageSize: 64, batchSize: 16, iterations: 50 } },
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
