// The API key, kept for this browser tab only (sessionStorage) and sent as a Bearer token.

const STORAGE_KEY = 'lantern.apiKey';

const listeners = new Set();

let memory = '';

export function getKey() {
	try {
		return sessionStorage.getItem(STORAGE_KEY) || memory;
	}
	catch {
		return memory;
	}
}

export function setKey(key) {
	const value = (key || '').trim();
	memory = value;
	try {
		if (value) {
			sessionStorage.setItem(STORAGE_KEY, value);
		}
		else {
			sessionStorage.removeItem(STORAGE_KEY);
		}
	}
	catch {
		// Storage may be disabled: the key then lasts until the page reloads.
	}
	listeners.forEach((listener) => listener(value));
}

export function onKeyChange(listener) {
	listeners.add(listener);
}
