// The REPL's history file: what Up, Down and Ctrl-R recall across runs.

import Foundation

/// Entries typed at the prompt, kept in a file one entry per line (multi-line entries are
/// joined into one line first, see `InputScanner.historyLine`).
///
/// Durability: each entry is appended with a single write() as soon as it is typed, so a crash
/// or kill loses nothing already saved. The file is bounded: when it holds more than
/// `limit` entries it is rewritten with the newest ones, into a temporary file that is then
/// renamed over it, so the old file stays whole until the new one is complete.
final class HistoryFile {
    /// Where the file is, or nil when history is not kept (CASEBOOK_HISTORY set to "").
    let path: String?
    let limit: Int
    /// The entries, oldest first (what `:history` shows).
    private(set) var entries: [String] = []
    /// Lines in the file now; past twice the limit it is compacted mid-session.
    private var linesInFile = 0

    init(path: String?, limit: Int = 1000) {
        self.path = path
        self.limit = limit
    }

    /// `$CASEBOOK_HISTORY` if set (empty turns history off), else
    /// `$XDG_STATE_HOME/casebook/history`, else `~/.local/state/casebook/history`.
    static func defaultPath(environment: [String: String] = ProcessInfo.processInfo.environment) -> String? {
        if let explicit = environment["CASEBOOK_HISTORY"] {
            return explicit.isEmpty ? nil : expandingTilde(explicit, environment: environment)
        }
        // The XDG spec says relative values are invalid and must be ignored.
        if let state = environment["XDG_STATE_HOME"], state.hasPrefix("/") {
            return state + "/casebook/history"
        }
        let home = environment["HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? NSHomeDirectory()
        return home + "/.local/state/casebook/history"
    }

    /// Reads the file (a missing file is an empty history) and compacts it if it grew too long.
    func load() {
        guard let path = path, let data = FileManager.default.contents(atPath: path) else { return }
        let (total, newest) = HistoryFile.newestLines(of: data, limit: limit)
        linesInFile = total
        entries = newest
        if linesInFile > limit { compactOrSay() }
    }

    /// Why the last write to the file failed, once, for the REPL to say; nil when all is well.
    /// Taken by `takeProblem`, so a history that cannot be written is reported once, not at
    /// every entry.
    private var problem: String?
    private var problemSaid = false
    /// Set when a compaction has failed: it is said once and not tried again this session, since
    /// each try reads the whole file (before, every entry past twice the limit re-read it).
    private var compactionFailed = false

    func takeProblem() -> String? {
        defer { problem = nil }
        return problem
    }

    /// Worded as every writer words it (`cannotWrite`): a path ending in '/' whose folder does
    /// not exist is said to be missing, where open's EISDIR said "it is a directory".
    private func failed(_ code: Int32) {
        let said = cannotWrite(path ?? "", code)
        let prefix = "cannot write '\(path ?? "")': "
        guard said.message.hasPrefix(prefix) else { return failed(reason(code)) }
        failed(String(said.message.dropFirst(prefix.count)) + (said.hint.map { "; \($0)" } ?? ""))
    }

    private func failed(_ why: String) {
        guard !problemSaid else { return }
        problemSaid = true
        add("cannot save this entry to the history '\(path ?? "")': \(why) (later failures are not reported)")
    }

    /// Adds a problem to those not yet said: two can come before the REPL says them (a failed
    /// compaction at start, then a lock another program holds), and each is said.
    private func add(_ message: String) {
        problem = problem.map { $0 + "\nwarning: " + message } ?? message
    }

    /// Compacts the file unless a compaction failed before; a failure is said once.
    private func compactOrSay() {
        guard !compactionFailed, let why = compact() else { return }
        compactionFailed = true
        add("the history '\(path ?? "")' could not be shortened: \(why) (not tried again in this session)")
    }

    /// Records an entry in memory and appends it to the file.
    func append(_ entry: String) {
        let line = entry.replacingOccurrences(of: "\n", with: " ")
        guard !line.trimmingCharacters(in: .whitespaces).isEmpty else { return }
        if entries.last == line { return }
        entries.append(line)
        if entries.count > limit { entries.removeFirst(entries.count - limit) }
        guard let path = path else { return }
        let folderProblem = ensureDirectory(for: path)
        if folderProblem != 0 {
            failed("its folder cannot be made: \(reason(folderProblem))")
            return
        }
        // Locked, so that another casebook's compaction cannot rename a new file over this one
        // between our open and our write (the line would go into the file thrown away). A pipe
        // nobody reads fails at once (ENXIO) instead of holding the prompt.
        let fd = openLocked(path, O_WRONLY | O_APPEND | O_CREAT)
        guard fd >= 0 else {
            if errno == EWOULDBLOCK {
                failed(heldLock)
            } else if errno != ENXIO {
                failed(errno)
            }
            return
        }
        var info = stat()
        let regular = fstat(fd, &info) == 0 && info.st_mode & S_IFMT == S_IFREG
        if writeAll(fd, Array((line + "\n").utf8), waiting: false) {
            linesInFile += 1
        } else {
            let code = errno
            // A full disk can take part of the line: cut it off, or the next entry would be
            // glued to it.
            if regular { _ = ftruncate(fd, info.st_size) }
            failed(code)
        }
        // The lock goes first: compaction takes it again, through a descriptor of its own.
        close(fd)
        if linesInFile > 2 * limit { compactOrSay() }
    }

    /// Forgets every entry, in memory and in the file. Returns why the file could not be
    /// emptied, or nil.
    func clear() -> String? {
        entries = []
        return compact(emptying: true).map { "the history '\(path ?? "")' could not be emptied: \($0)" }
    }

    /// Rewrites the file with its newest `limit` lines: temporary file, fsync, rename. The lines
    /// are read from the file again, under its lock, not taken from memory: another casebook may
    /// have appended to it, and its entries must survive this one's compaction. Returns why the
    /// file could not be rewritten (without its path, which the caller names), or nil.
    @discardableResult
    private func compact(emptying: Bool = false) -> String? {
        guard let path = path, ensureDirectory(for: path) == 0 else { return nil }
        // `stat` follows a symbolic link, as `writeAtomically` does: the file a link points to is
        // the one rewritten (a history kept with one's dotfiles keeps its link).
        var info = stat()
        if stat(path, &info) != 0 { return nil }
        // A device or pipe (CASEBOOK_HISTORY=/dev/null, to keep none) is never compacted: it
        // has nothing to shorten, and writing back into a pipe nobody reads would hold the prompt.
        if info.st_mode & S_IFMT != S_IFREG { return nil }
        let fd = openLocked(path, O_RDONLY)
        guard fd >= 0 else { return errno == EWOULDBLOCK ? heldLock : reason(errno) }
        defer { close(fd) }
        var total = 0
        var newest: [String] = []
        if !emptying {
            guard let bytes = readWhole(fd) else { return "it cannot be read: \(reason(errno))" }
            (total, newest) = bytes.withUnsafeBytes { HistoryFile.newestLines(of: $0, limit: limit) }
        }
        do {
            try writeAtomically(newest.map { $0 + "\n" }.joined(), to: path, newFileMode: 0o600)
        } catch let e as WriteError {
            // "cannot write 'PATH': why": the caller names the path already.
            let message = e.diagnostic.message
            let prefix = "cannot write '\(path)': "
            return message.hasPrefix(prefix) ? String(message.dropFirst(prefix.count)) : message
        } catch {
            return "\(error)"
        }
        linesInFile = min(total, limit)
        return nil
    }

    /// How many non-empty lines the file holds, and the newest `limit` of them, oldest first.
    /// The bytes are walked back from the end and only the kept lines decoded: splitting the
    /// whole text into characters took 18 s for a file of 300 MB (one pasted data file is one
    /// entry, one line).
    static func newestLines(of data: Data, limit: Int) -> (total: Int, newest: [String]) {
        data.withUnsafeBytes { newestLines(of: $0, limit: limit) }
    }

    static func newestLines(of raw: UnsafeRawBufferPointer, limit: Int) -> (total: Int, newest: [String]) {
        let bytes = raw.bindMemory(to: UInt8.self)
        var newest: [String] = []
        var total = 0
        var end = bytes.count
        func line(from start: Int) {
            guard start < end else { return }
            total += 1
            if newest.count < limit {
                newest.append(String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<end]), as: UTF8.self))
            }
        }
        var i = bytes.count
        while i > 0 {
            i -= 1
            if bytes[i] == UInt8(ascii: "\n") {
                line(from: i + 1)
                end = i
            }
        }
        line(from: 0)
        return (total, newest.reversed())
    }

    /// Makes the file's folder, and those above it, when missing. Returns 0, or the errno of why
    /// it cannot be made (HOME a file, a folder one may not write, a path too long).
    private func ensureDirectory(for path: String) -> Int32 {
        // A history in the current folder (CASEBOOK_HISTORY=h) has no folder to make.
        guard path.contains("/") else { return 0 }
        let directory = parentDirectory(path)
        var info = stat()
        if stat(directory, &info) == 0 { return info.st_mode & S_IFMT == S_IFDIR ? 0 : ENOTDIR }
        // A path too long to open is refused before any of its folders is made.
        if path.utf8.count >= Int(PATH_MAX)
            || path.split(separator: "/").contains(where: { $0.utf8.count > Int(NAME_MAX) })
        {
            return ENAMETOOLONG
        }
        var prefix = directory.hasPrefix("/") ? "" : "."
        for component in directory.split(separator: "/") {
            prefix += "/" + component
            if mkdir(prefix, 0o700) != 0 && errno != EEXIST { return errno }
        }
        if stat(directory, &info) != 0 { return errno }
        return info.st_mode & S_IFMT == S_IFDIR ? 0 : ENOTDIR
    }
}

/// Writes every byte, retrying after interruptions and short writes. A descriptor someone left
/// non-blocking (a pipe shared with a program that set O_NONBLOCK on it) fails with EAGAIN when
/// its reader falls behind; that is waited out too, unless `waiting` is false, and then the write
/// fails.
@discardableResult
func writeAll(_ fd: Int32, _ bytes: [UInt8], waiting: Bool = true) -> Bool {
    var offset = 0
    while offset < bytes.count {
        let n = bytes.withUnsafeBufferPointer { write(fd, $0.baseAddress! + offset, bytes.count - offset) }
        if n < 0 {
            if errno == EINTR { continue }
            if waiting && (errno == EAGAIN || errno == EWOULDBLOCK) {
                waitUntilReady(fd, for: POLLOUT)
                continue
            }
            return false
        }
        offset += n
    }
    return true
}

/// Waits until a descriptor can be read (`POLLIN`) or written (`POLLOUT`), or has failed (the
/// read or write that follows then says how).
func waitUntilReady(_ fd: Int32, for event: Int32) {
    var request = pollfd(fd: fd, events: Int16(event), revents: 0)
    while poll(&request, 1, -1) < 0 && errno == EINTR {}
}
