package dev.lantern.jobs;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.UUID;

/**
 * Reading and writing rows of the {@code jobs} table: the columns, the row mapper and
 * timestamps (stored with time zone, in UTC).
 */
final class JobRows {

	static final String COLUMNS = "id, seq, type, spec, priority, status, owner, device, attempt, lease_until, "
			+ "cancel_requested, epoch, total_epochs, step, total_steps, eta_millis, history, error, result, "
			+ "created_at, started_at, finished_at, updated_at, version";

	private JobRows() {
	}

	static OffsetDateTime at(Instant instant) {
		return (instant != null) ? instant.atOffset(ZoneOffset.UTC) : null;
	}

	private static Instant instant(ResultSet rs, String column) throws SQLException {
		OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
		return (value != null) ? value.toInstant() : null;
	}

	private static Integer integer(ResultSet rs, String column) throws SQLException {
		int value = rs.getInt(column);
		return rs.wasNull() ? null : value;
	}

	private static Long longValue(ResultSet rs, String column) throws SQLException {
		long value = rs.getLong(column);
		return rs.wasNull() ? null : value;
	}

	static Job job(ResultSet rs, int row) throws SQLException {
		return new Job(rs.getObject("id", UUID.class), rs.getLong("seq"), rs.getString("type"), rs.getString("spec"),
				rs.getInt("priority"), JobStatus.valueOf(rs.getString("status")), rs.getString("owner"),
				rs.getString("device"), rs.getInt("attempt"), instant(rs, "lease_until"),
				rs.getBoolean("cancel_requested"), integer(rs, "epoch"), integer(rs, "total_epochs"),
				longValue(rs, "step"), longValue(rs, "total_steps"), longValue(rs, "eta_millis"),
				rs.getString("history"), rs.getString("error"), rs.getString("result"), instant(rs, "created_at"),
				instant(rs, "started_at"), instant(rs, "finished_at"), instant(rs, "updated_at"),
				rs.getLong("version"));
	}

}
