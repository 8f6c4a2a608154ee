package dev.berth.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;

/**
 * The writer's view of the current transaction: parameterised updates and small queries with a statement cache.
 * Only valid inside {@link Database.TxWork#run}. Not thread-safe (used by the writer thread only).
 */
public final class Tx {

    private final Connection connection;
    private final Map<String, PreparedStatement> statements = new HashMap<>();

    Tx(Connection connection) {
        this.connection = connection;
    }

    /** Executes an INSERT/UPDATE/DELETE/DDL statement and returns the number of rows changed. */
    public int update(String sql, Object... args) throws SQLException {
        PreparedStatement ps = prepare(sql);
        bind(ps, args);
        return ps.executeUpdate();
    }

    /** Returns the first column of the first row as an int, or {@code absent} when there is no row. */
    public int queryInt(String sql, int absent, Object... args) throws SQLException {
        PreparedStatement ps = prepare(sql);
        bind(ps, args);
        try (ResultSet rs = ps.executeQuery()) {
            return rs.next() ? rs.getInt(1) : absent;
        }
    }

    /** Returns the first column of the first row as a string, or null when there is no row. */
    public String queryString(String sql, Object... args) throws SQLException {
        PreparedStatement ps = prepare(sql);
        bind(ps, args);
        try (ResultSet rs = ps.executeQuery()) {
            return rs.next() ? rs.getString(1) : null;
        }
    }

    void savepoint() throws SQLException {
        exec("SAVEPOINT work");
    }

    void releaseSavepoint() throws SQLException {
        exec("RELEASE SAVEPOINT work");
    }

    void rollbackToSavepoint() throws SQLException {
        exec("ROLLBACK TO SAVEPOINT work");
        exec("RELEASE SAVEPOINT work");
    }

    /** Runs a statement without parameters, prepared once (SQLite compiles even a savepoint). */
    private void exec(String sql) throws SQLException {
        prepare(sql).execute();
    }

    private PreparedStatement prepare(String sql) throws SQLException {
        PreparedStatement ps = statements.get(sql);
        if (ps == null) {
            ps = connection.prepareStatement(sql);
            statements.put(sql, ps);
        }
        return ps;
    }

    private static void bind(PreparedStatement ps, Object[] args) throws SQLException {
        for (int i = 0; i < args.length; i++) {
            ps.setObject(i + 1, args[i]);
        }
    }
}
