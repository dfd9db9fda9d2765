package dev.lantern.system.backend;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class NativeMemoryTests {

	private static final String TUNABLES = "glibc.malloc.mmap_threshold=33554432:glibc.malloc.hugetlb=1";

	@Test
	void readsTheSelectedModeOfTheKernelsSetting() {
		assertThat(NativeMemory.selectedMode("always [madvise] never\n")).isEqualTo("madvise");
		assertThat(NativeMemory.selectedMode("[always] madvise never")).isEqualTo("always");
		assertThat(NativeMemory.selectedMode("always madvise [never]")).isEqualTo("never");
		assertThat(NativeMemory.selectedMode("")).isNull();
	}

	@Test
	void readsTheGlibcVersion() {
		assertThat(NativeMemory.parseGlibcVersion("glibc 2.36\n")).isEqualTo("2.36");
		assertThat(NativeMemory.parseGlibcVersion("musl")).isNull();
	}

	@Test
	void hugePagesOnRequestNeedTheMallocTunable() {
		NativeMemory without = NativeMemory.of("madvise", "2.36", null, 0, 0, 0);
		assertThat(without.hugePages()).isFalse();
		assertThat(without.advice()).contains("GLIBC_TUNABLES=glibc.malloc.hugetlb=1");

		NativeMemory with = NativeMemory.of("madvise", "2.36", TUNABLES, 0, 0, 0);
		assertThat(with.hugePages()).isTrue();
		assertThat(with.advice()).isNull();

		assertThat(NativeMemory.of("madvise", "2.36", "glibc.malloc.hugetlb=0", 0, 0, 0).hugePages()).isFalse();
	}

	@Test
	void glibcBefore235IgnoresTheTunable() {
		NativeMemory old = NativeMemory.of("madvise", "2.31", TUNABLES, 0, 0, 0);
		assertThat(old.hugePages()).isFalse();
		assertThat(old.advice()).contains("glibc 2.31");
		assertThat(NativeMemory.of("madvise", null, TUNABLES, 0, 0, 0).hugePages()).isFalse();
		assertThat(NativeMemory.of("always", "2.31", null, 0, 0, 0).hugePages()).isTrue();
	}

	@Test
	void hostModesDecideWithoutTheTunable() {
		assertThat(NativeMemory.of("always", "2.36", null, 0, 0, 0).hugePages()).isTrue();
		NativeMemory never = NativeMemory.of("never", "2.36", TUNABLES, 0, 0, 0);
		assertThat(never.hugePages()).isFalse();
		assertThat(never.advice()).contains("'never'");
		NativeMemory unknown = NativeMemory.of(null, null, null, 0, 0, 0);
		assertThat(unknown.hugePages()).isFalse();
		assertThat(unknown.advice()).contains("unknown");
	}

	@Test
	void thisProcessReportsItsSettingsAndResidentMemory() {
		NativeMemory memory = NativeMemory.read();
		assertThat(memory.physicalBytes()).isPositive();
		assertThat(memory.glibcTunables()).isEqualTo(System.getenv("GLIBC_TUNABLES"));
		assertThat(memory.glibc()).matches("\\d+\\.\\d+");
	}

}
