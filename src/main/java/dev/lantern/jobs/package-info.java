/**
 * The persistent job queue: jobs in the database, claimed with leases, run by one worker
 * thread per device slot, cancelled, recovered when a replica dies, streamed as
 * Server-Sent Events. Features plug in by declaring {@link dev.lantern.jobs.JobType}
 * beans and queue work through {@link dev.lantern.jobs.JobQueue}. Imports {@code system}
 * and {@code training}, never a feature.
 */
package dev.lantern.jobs;
