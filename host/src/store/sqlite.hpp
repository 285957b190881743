#pragma once
// A thin RAII layer over the SQLite C API: a connection, a prepared statement and a write
// transaction. Errors become SqliteError carrying SQLite's extended result code, so callers can
// tell a locked or full database from a bug. Bound values are never put into error messages:
// a cookie's value must never reach a diagnostic, and the store does not bind one anyway.

#include <sqlite3.h>

#include <cstdint>
#include <filesystem>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>

namespace cw::sql {

class SqliteError : public std::runtime_error {
  public:
    SqliteError(int code, const std::string& message) : std::runtime_error(message), code_(code) {}
    int code() const { return code_; }  // extended result code
    int primary() const { return code_ & 0xff; }
    // Storage that cannot be used right now, as opposed to a mistake in the program.
    bool is_unavailable() const;

  private:
    int code_;
};

class Statement;

class Connection {
  public:
    // read_only_immutable reads a file that nothing can change (a read-only folder): SQLite
    // then needs neither the -shm nor the -wal file, which it could not create there.
    enum class Mode { read_write_create, read_write, read_only, read_only_immutable };
    // ":memory:" gives a private in-memory database.
    explicit Connection(const std::filesystem::path& path, Mode mode = Mode::read_write_create);
    ~Connection();
    Connection(const Connection&) = delete;
    Connection& operator=(const Connection&) = delete;

    // Runs one or more statements without results.
    void exec(std::string_view sql);
    // The first column of the first row of a query that returns an integer (PRAGMAs, counts).
    std::int64_t query_int(std::string_view sql);
    std::int64_t last_insert_rowid() const;
    int changes() const;
    bool in_transaction() const;
    sqlite3* handle() const { return db_; }

    // Throws SqliteError with `what` and SQLite's message if rc is not OK/ROW/DONE.
    void check(int rc, std::string_view what) const;

  private:
    sqlite3* db_ = nullptr;
};

class Statement {
  public:
    Statement() = default;
    Statement(Connection& db, std::string_view sql);
    ~Statement();
    Statement(Statement&& other) noexcept;
    Statement& operator=(Statement&& other) noexcept;
    Statement(const Statement&) = delete;
    Statement& operator=(const Statement&) = delete;

    // Binding by 1-based index. Strings are copied by SQLite (SQLITE_TRANSIENT).
    Statement& bind(int index, std::int64_t value);
    Statement& bind(int index, int value) { return bind(index, static_cast<std::int64_t>(value)); }
    Statement& bind(int index, double value);
    Statement& bind(int index, std::string_view value);
    Statement& bind(int index, const std::string& value) {
        return bind(index, std::string_view(value));
    }
    Statement& bind(int index, const char* value) { return bind(index, std::string_view(value)); }
    Statement& bind_null(int index);
    template <typename T>
    Statement& bind(int index, const std::optional<T>& value) {
        return value ? bind(index, *value) : bind_null(index);
    }

    // Advances: true while there is a row. Throws on error.
    bool step();
    // Steps to completion (for statements without rows).
    void run();
    // Resets and clears the bindings so the statement can be reused.
    void reset();

    bool is_null(int column) const;
    std::int64_t column_int(int column) const;
    double column_double(int column) const;
    std::string column_text(int column) const;
    std::optional<std::string> column_optional_text(int column) const;

  private:
    Connection* db_ = nullptr;
    sqlite3_stmt* stmt_ = nullptr;
};

// Resets a statement at scope exit, whatever happens, so that a read statement never keeps a
// snapshot open and a write statement never keeps a lock.
class StatementUse {
  public:
    explicit StatementUse(Statement& s) : s_(s) {}
    ~StatementUse() { s_.reset(); }
    StatementUse(const StatementUse&) = delete;
    StatementUse& operator=(const StatementUse&) = delete;
    Statement* operator->() { return &s_; }
    Statement& operator*() { return s_; }

  private:
    Statement& s_;
};

// BEGIN IMMEDIATE on construction (takes the write lock at once, so two writers wait on the
// busy timeout instead of failing on a lock upgrade); commit() makes it durable; otherwise the
// destructor rolls back and never throws.
class Transaction {
  public:
    explicit Transaction(Connection& db);
    ~Transaction();
    Transaction(const Transaction&) = delete;
    Transaction& operator=(const Transaction&) = delete;
    void commit();

  private:
    Connection& db_;
    bool open_ = true;
};

}  // namespace cw::sql
