package dev.lantern.models.runtime;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.function.Supplier;

/**
 * The loaded model versions, bounded by their estimated memory: once a version has
 * loaded, the least recently used others are unloaded until the total fits. A version
 * loads once however many requests ask for it at the same time; a failed load is
 * forgotten so the next request tries again. Unloading closes the version's worker group,
 * which still finishes what it has queued.
 */
final class LoadedVersions {

	private final long maxBytes;

	private final long idleNanos;

	/** In access order: the least recently used first. */
	private final LinkedHashMap<VersionKey, Entry> entries = new LinkedHashMap<>(16, 0.75f, true);

	private long bytes;

	LoadedVersions(long maxBytes, Duration idleUnload) {
		this.maxBytes = maxBytes;
		this.idleNanos = idleUnload.toNanos();
	}

	/** The version's worker group, loading it with {@code loader} if it is not loaded. */
	CompletableFuture<WorkerGroup> get(VersionKey key, Supplier<WorkerGroup> loader, Executor executor) {
		Entry entry;
		boolean created = false;
		synchronized (this) {
			entry = this.entries.get(key);
			if (entry == null) {
				entry = new Entry();
				this.entries.put(key, entry);
				created = true;
			}
			entry.lastUsed = System.nanoTime();
		}
		if (created) {
			Entry loading = entry;
			CompletableFuture.supplyAsync(loader, executor)
				.whenComplete((group, failure) -> loaded(key, loading, group, failure));
		}
		return entry.future;
	}

	/** The group of a loaded version, or null; does not count as a use. */
	synchronized WorkerGroup peek(VersionKey key) {
		for (Map.Entry<VersionKey, Entry> entry : this.entries.entrySet()) {
			if (entry.getKey().equals(key)) {
				return entry.getValue().group;
			}
		}
		return null;
	}

	/** Unloads a version. */
	void invalidate(VersionKey key) {
		WorkerGroup group;
		synchronized (this) {
			Entry entry = this.entries.remove(key);
			group = (entry != null) ? forget(entry) : null;
		}
		if (group != null) {
			group.close();
		}
	}

	/** Unloads the versions not used for {@code idle-unload}. */
	void unloadIdle() {
		if (this.idleNanos <= 0) {
			return;
		}
		List<WorkerGroup> idle = new ArrayList<>();
		long now = System.nanoTime();
		synchronized (this) {
			Iterator<Entry> iterator = this.entries.values().iterator();
			while (iterator.hasNext()) {
				Entry entry = iterator.next();
				if (entry.group != null && now - entry.lastUsed > this.idleNanos) {
					iterator.remove();
					idle.add(forget(entry));
				}
			}
		}
		idle.forEach(WorkerGroup::close);
	}

	/** The loaded groups, least recently used first. */
	synchronized List<WorkerGroup> groups() {
		List<WorkerGroup> groups = new ArrayList<>();
		for (Entry entry : this.entries.values()) {
			if (entry.group != null) {
				groups.add(entry.group);
			}
		}
		return groups;
	}

	/** Forgets every version and returns their groups. */
	synchronized List<WorkerGroup> clear() {
		List<WorkerGroup> groups = groups();
		this.entries.values().forEach(this::forget);
		this.entries.clear();
		return groups;
	}

	synchronized long bytes() {
		return this.bytes;
	}

	private void loaded(VersionKey key, Entry entry, WorkerGroup group, Throwable failure) {
		List<WorkerGroup> unloaded = new ArrayList<>();
		synchronized (this) {
			if (failure != null) {
				this.entries.remove(key, entry);
			}
			else if (entry.removed) {
				unloaded.add(group);
			}
			else {
				entry.group = group;
				entry.bytes = group.estimatedBytes();
				this.bytes += entry.bytes;
				evictBeyondBound(entry, unloaded);
			}
		}
		unloaded.forEach(WorkerGroup::close);
		if (failure != null) {
			entry.future.completeExceptionally((failure instanceof CompletionException && failure.getCause() != null)
					? failure.getCause() : failure);
		}
		else {
			entry.future.complete(group);
		}
	}

	private void evictBeyondBound(Entry keep, List<WorkerGroup> unloaded) {
		Iterator<Entry> iterator = this.entries.values().iterator();
		while (this.bytes > this.maxBytes && iterator.hasNext()) {
			Entry entry = iterator.next();
			if (entry != keep && entry.group != null) {
				iterator.remove();
				unloaded.add(forget(entry));
			}
		}
	}

	private WorkerGroup forget(Entry entry) {
		entry.removed = true;
		this.bytes -= entry.bytes;
		entry.bytes = 0;
		return entry.group;
	}

	private static final class Entry {

		final CompletableFuture<WorkerGroup> future = new CompletableFuture<>();

		WorkerGroup group;

		long bytes;

		long lastUsed;

		boolean removed;

	}

}
