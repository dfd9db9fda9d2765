package dev.lantern.jobs;

import java.util.List;

/**
 * A page of jobs, newest first.
 *
 * @param items the jobs of this page
 * @param page the page, from 0
 * @param size the page size asked for
 * @param total how many jobs match the filter
 */
public record JobPage(List<JobView> items, int page, int size, long total) {

}
