package dev.lantern.hostile;

import java.util.List;

/** A group of corpus cases, one per area, so each area's cases live together. */
interface HostileCases {

	List<HostileCase> cases();

}
