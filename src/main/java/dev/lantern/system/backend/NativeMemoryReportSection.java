package dev.lantern.system.backend;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.lantern.system.SystemReportSection;

import org.springframework.stereotype.Component;

/**
 * The {@code nativeMemory} section of {@code GET /api/v1/system}: whether native buffers
 * get huge pages, JavaCPP's memory limits and the resident memory now. Warns at startup
 * on the CPU backend when they do not get huge pages.
 */
@Component
class NativeMemoryReportSection implements SystemReportSection {

	private static final Logger log = LoggerFactory.getLogger(NativeMemoryReportSection.class);

	NativeMemoryReportSection(ComputeBackend backend) {
		NativeMemory memory = NativeMemory.read();
		if (memory.advice() == null) {
			log.info("Native buffers get transparent huge pages (host mode {}, GLIBC_TUNABLES {})",
					memory.transparentHugePages(), memory.glibcTunables());
		}
		else if (!backend.isCuda()) {
			log.warn("Native buffers get no huge pages: {}", memory.advice());
		}
	}

	@Override
	public String name() {
		return "nativeMemory";
	}

	@Override
	public Object content() {
		return NativeMemory.read();
	}

}
