// Reading and writing what the user names. Program files, documents, lessons and piped standard
// input are all read here, and recordings, pictures and progress all written here, so each fails
// the same way: with a message naming the path and what is wrong, never a crash or half a file.

import CasebookKit
import Foundation

/// The most bytes one input may have. Everything is read into memory before it is lexed, so an
/// endless source (`/dev/zero`, `yes | casebook`) would otherwise grow until the system kills the
/// process. A gibibyte is some fifty million facts, far beyond a case; `CASEBOOK_MAX_INPUT_BYTES`
/// changes it (the tests set it low), up to 2 GiB: the lexer keeps offsets into an input in 32
/// bits, and one past them would trap.
let maxInputBytes: Int = {
    if let text = ProcessInfo.processInfo.environment["CASEBOOK_MAX_INPUT_BYTES"], let n = Int(text), n > 0 {
        return min(n, Int(Int32.max))
    }
    return 1 << 30
}()

/// The most bytes one document may have. Reading a document's sentences and mentions takes
/// about 1.5 µs and 20 bytes of memory per byte, so the input limit would allow half an hour and
/// 20 GB; 64 MiB (a shelf of books) takes under two minutes and about 1.3 GB.
/// `CASEBOOK_MAX_DOCUMENT_BYTES` changes it, up to the input limit.
let maxDocumentBytes: Int = {
    if let text = ProcessInfo.processInfo.environment["CASEBOOK_MAX_DOCUMENT_BYTES"], let n = Int(text), n > 0 {
        return min(n, maxInputBytes)
    }
    return min(64 << 20, maxInputBytes)
}()

/// A limit on the bytes of an input, and the variable that changes it.
struct InputLimit {
    let bytes: Int
    let variable: String
    let what: String
    /// The hint for a directory given where one of these was wanted.
    let inDirectory: String

    static let input = InputLimit(
        bytes: maxInputBytes, variable: "CASEBOOK_MAX_INPUT_BYTES", what: "each input",
        inDirectory: "name the .cb files inside it")
    static let document = InputLimit(
        bytes: maxDocumentBytes, variable: "CASEBOOK_MAX_DOCUMENT_BYTES", what: "each document",
        inDirectory: "name a document inside it, a plain-text or Markdown file")
    static let lesson = InputLimit(
        bytes: maxInputBytes, variable: "CASEBOOK_MAX_INPUT_BYTES", what: "each input",
        inDirectory: "name the lesson file (.md) inside it")
}

/// Why an input could not be read.
enum InputError: Error {
    /// With the errno of the failed open or read.
    case unreadable(Int32)
    case tooLarge(InputLimit)
    /// The caller's `stop` said to give up while the input had nothing to read yet.
    case stopped

    func diagnostic(_ name: String) -> Diagnostic {
        switch self {
        case .stopped:
            return .plain("cancelled; '\(name)' was not read")
        case let .unreadable(code):
            return .plain("cannot read '\(name)': \(reason(code))")
        case let .tooLarge(limit):
            return .plain(
                "cannot read '\(name)': it is larger than \(describeBytes(limit.bytes))",
                hint: "Casebook reads \(limit.what) whole into memory; \(limit.variable) raises the limit")
        }
    }
}

/// Reads a program file, turning every way it can fail into a diagnostic. While the input has
/// nothing to read yet (a FIFO no one writes to, a pipe that is slow), `stop` is asked every
/// tenth of a second whether to give up (the REPL's Ctrl-C); a regular file is read at once.
func readSource(_ path: String, limit: InputLimit = .input, stop: () -> Bool = { false }) -> Result<
    SourceFile, Diagnostic
> {
    // As for cat and sort: '-' is standard input ('./-' names a file called that).
    if path == "-" { return readStandardInput(limit: limit, stop: stop) }
    var info = stat()
    guard stat(path, &info) == 0 else { return .failure(cannotOpen(path, errno)) }
    if info.st_mode & S_IFMT == S_IFDIR {
        return .failure(.plain("cannot read '\(path)': it is a directory", hint: limit.inDirectory))
    }
    // Anything but a regular file is opened without waiting: opening a FIFO waits for a writer,
    // in the kernel, where nothing could stop it. `readAll` waits for its bytes instead.
    let regular = info.st_mode & S_IFMT == S_IFREG
    let fd = open(path, O_RDONLY | O_CLOEXEC | (regular ? 0 : O_NONBLOCK | O_NOCTTY))
    guard fd >= 0 else { return .failure(InputError.unreadable(errno).diagnostic(path)) }
    defer { close(fd) }
    return readAll(fd, limit: limit, stop: stop).map { SourceFile(name: path, bytes: $0) }.mapError {
        $0.diagnostic(path)
    }
}

/// Waits until a descriptor has bytes to read, or its end or an error; false if `stop` said to
/// give up first (asked every tenth of a second).
func waitUntilReadable(_ fd: Int32, stop: () -> Bool) -> Bool {
    var request = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
    while true {
        if stop() { return false }
        let ready = poll(&request, 1, 100)
        if ready > 0 || (ready < 0 && errno != EINTR) { return true }
    }
}

/// Why a path could not be opened, in words. (A loop of symbolic links or a file used as a
/// folder, `a.cb/`, once said "no such file" too.)
private func cannotOpen(_ path: String, _ code: Int32) -> Diagnostic {
    guard code == ENOENT else { return .plain("cannot open '\(path)': \(reason(code))") }
    if path.contains("\u{FFFD}") && someArgumentIsNotUTF8 {
        return .plain(
            "cannot open '\(path)': no such file; its name was given in bytes that are not UTF-8",
            hint: "Casebook reads file names as UTF-8; rename the file (convmv converts names)")
    }
    return .plain("cannot open '\(path)': no such file")
}

/// Whether any command-line argument is not valid UTF-8. Swift hands such an argument over
/// with U+FFFD in place of the bad bytes, so a file named by it cannot be found by that name.
let someArgumentIsNotUTF8: Bool = (0..<Int(CommandLine.argc)).contains { i in
    guard let p = CommandLine.unsafeArgv[i] else { return false }
    let bytes = UnsafeBufferPointer(start: UnsafeRawPointer(p).assumingMemoryBound(to: UInt8.self), count: strlen(p))
    return String(validating: bytes, as: UTF8.self) == nil
}

/// Piped standard input, read to its end.
func readStandardInput(limit: InputLimit = .input, stop: () -> Bool = { false }) -> Result<SourceFile, Diagnostic> {
    readAll(0, limit: limit, stop: stop).map { SourceFile(name: "<stdin>", bytes: $0) }.mapError {
        $0.diagnostic("<stdin>")
    }
}

/// A descriptor's bytes read straight into the array the lexer works on (reading through `Data`
/// would copy a big file of facts once more), up to the limit. Anything but a regular file is
/// read only once it is ready, so that `stop` can end the wait (see `readSource`); a FIFO
/// opened without waiting would otherwise read as empty before its writer comes.
func readAll(_ fd: Int32, limit: InputLimit = .input, stop: () -> Bool = { false }) -> Result<[UInt8], InputError> {
    var info = stat()
    let regular = fstat(fd, &info) == 0 && (info.st_mode & S_IFMT) == S_IFREG
    let size = regular ? Int(info.st_size) : 0
    if size > limit.bytes { return .failure(.tooLarge(limit)) }
    if !regular && !waitUntilReadable(fd, stop: stop) { return .failure(.stopped) }
    // Room for one byte more than the size, so that the end of a regular file is seen in one go.
    var failure: Int32 = 0
    var bytes = [UInt8](unsafeUninitializedCapacity: size + 1) { buffer, count in
        count = 0
        while count < buffer.count {
            let n = read(fd, buffer.baseAddress! + count, buffer.count - count)
            if n < 0 && errno == EINTR { continue }
            if n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK) {
                if !waitUntilReadable(fd, stop: stop) {
                    failure = -1
                    return
                }
                continue
            }
            if n <= 0 {
                if n < 0 { failure = errno }
                return
            }
            count += n
        }
    }
    if failure == -1 { return .failure(.stopped) }
    if failure != 0 { return .failure(.unreadable(failure)) }
    if bytes.count <= size { return .success(bytes) }
    // A pipe, a device, or a file that grew while it was read: the rest in chunks. `stop` is
    // asked between them too: a device that never runs dry (`/dev/urandom`) never waits, and
    // was read to the limit (a gibibyte) before Ctrl-C was heard.
    var chunk = [UInt8](repeating: 0, count: 65536)
    while true {
        if stop() { return .failure(.stopped) }
        let n = chunk.withUnsafeMutableBufferPointer { read(fd, $0.baseAddress!, $0.count) }
        if n < 0 && errno == EINTR { continue }
        // Standard input that some other program left non-blocking: wait for it as for any pipe.
        if n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK) {
            if !waitUntilReadable(fd, stop: stop) { return .failure(.stopped) }
            continue
        }
        if n < 0 { return .failure(.unreadable(errno)) }
        if n == 0 { return .success(bytes) }
        if bytes.count + n > limit.bytes { return .failure(.tooLarge(limit)) }
        bytes.append(contentsOf: chunk[0..<n])
    }
}

/// A file that could not be written, and why.
struct WriteError: Error {
    let diagnostic: Diagnostic
}

/// Opens the file at `path` holding an exclusive lock on it (`flock`), for the files that
/// several casebook processes share (history, tour progress). A writer that waited for the lock
/// while another replaced the file (renamed a new one over it) locks the new file instead: what
/// it then writes lands in the file that stays. Devices and pipes are opened but not locked.
/// Returns -1 with `errno` set, or EWOULDBLOCK after two seconds of another holding the lock,
/// so that a stuck process cannot hold the prompt (`cannotWrite` says so in words).
func openLocked(_ path: String, _ flags: Int32, mode: mode_t = 0o600) -> Int32 {
    var created = false
    return openLocked(path, flags, mode: mode, created: &created)
}

/// `openLocked`, telling whether this open made the file (with `O_CREAT`), so that a caller
/// whose save then fails can take away the empty file it would leave (`removeIfMadeEmpty`).
func openLocked(_ path: String, _ flags: Int32, mode: mode_t = 0o600, created: inout Bool) -> Int32 {
    var waited = 0
    while true {
        var before = stat()
        created = flags & O_CREAT != 0 && stat(path, &before) != 0 && errno == ENOENT
        // Non-blocking: a pipe nobody reads must not hold the open (regular files ignore it).
        let fd = open(path, flags | O_CLOEXEC | O_NONBLOCK, mode)
        if fd < 0 { return -1 }
        var held = stat()
        guard fstat(fd, &held) == 0, held.st_mode & S_IFMT == S_IFREG else { return fd }
        while flock(fd, LOCK_EX | LOCK_NB) != 0 {
            let code = errno
            // A file system without locks (NFS without its lock daemon says ENOLCK; some FUSE
            // and network file systems EOPNOTSUPP or ENOSYS): go on without the lock, as other
            // tools do, rather than never saving anything there.
            if code == ENOLCK || code == EOPNOTSUPP || code == ENOTSUP || code == ENOSYS { return fd }
            guard code == EWOULDBLOCK || code == EINTR, waited < 200 else {
                if created { removeIfMadeEmpty(fd, path) }
                close(fd)
                errno = code
                return -1
            }
            waited += 1
            usleep(10_000)
        }
        var now = stat()
        if stat(path, &now) == 0 && now.st_ino == held.st_ino && now.st_dev == held.st_dev { return fd }
        close(fd)
    }
}

/// Removes the file at `path` if it is still the empty regular file open at `fd`: what an open
/// with `O_CREAT` made before a save that failed (an empty progress file left behind).
func removeIfMadeEmpty(_ fd: Int32, _ path: String) {
    var held = stat()
    var now = stat()
    guard fstat(fd, &held) == 0, held.st_size == 0, lstat(path, &now) == 0, now.st_mode & S_IFMT == S_IFREG,
        now.st_ino == held.st_ino, now.st_dev == held.st_dev
    else { return }
    unlink(path)
}

/// Reads a whole regular file through an open descriptor, from its start.
func readWhole(_ fd: Int32) -> [UInt8]? {
    lseek(fd, 0, SEEK_SET)
    if case let .success(bytes) = readAll(fd) { return bytes }
    return nil
}

/// Where a write to a path goes.
enum WriteTarget {
    /// A file, once the path's symbolic links are followed.
    case file(String)
    /// One of this process's own open descriptors, named by `/dev/stdout`, `/dev/fd/N`,
    /// `/proc/self/fd/N` and the like.
    case descriptor(Int32)
    /// A link the system makes for an open file that has no path of its own (another process's
    /// descriptor, a pipe's `pipe:[N]`, a deleted file's `… (deleted)`): opened through the link.
    case openFile(String)
    /// None: the errno of why (ELOOP for a loop of links).
    case unreachable(Int32)
}

/// What a symbolic link points to, as written in it; nil if the path is no link.
private func linkTarget(_ path: String) -> String? {
    var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
    let n = readlink(path, &buffer, buffer.count - 1)
    guard n > 0 else { return nil }
    return String(decoding: buffer[0..<n].map { UInt8(bitPattern: $0) }, as: UTF8.self)
}

/// The descriptor a path names lexically (`/dev/stdout`, `/dev/fd/1`, `/proc/self/fd/1`,
/// `/proc/PID/fd/1`), with the process it belongs to, or nil.
private func descriptorNamed(_ path: String) -> (own: Bool, fd: Int32)? {
    guard path.hasPrefix("/") else { return nil }
    let parts = path.split(separator: "/")
    if parts.count == 2 && parts[0] == "dev", let fd = ["stdin": 0, "stdout": 1, "stderr": 2][String(parts[1])] {
        return (true, Int32(fd))
    }
    if parts.count == 3 && parts[0] == "dev" && parts[1] == "fd", let fd = Int32(parts[2]) { return (true, fd) }
    if parts.count == 4 && parts[0] == "proc" && parts[2] == "fd", let fd = Int32(parts[3]) {
        return (["self", "thread-self", String(getpid())].contains(String(parts[1])), fd)
    }
    return nil
}

/// What a write to `path` writes to. Symbolic links are followed, even when the last one points
/// to a file not made yet (a link kept with one's dotfiles): `realpath` fails on such a link,
/// and renaming over the path would then replace the link with a plain file. A path naming an
/// open descriptor is that descriptor: followed to the file behind it, `--svg /dev/stdout >> log`
/// replaced the log. A loop of links is ELOOP (it was once written over as a plain file).
func writeTarget(_ path: String) -> WriteTarget {
    var current = path
    var hops = 0
    while true {
        if let (own, fd) = descriptorNamed(current) {
            return own ? .descriptor(fd) : .openFile(current)
        }
        guard let link = linkTarget(current) else { break }
        // Past 40 links the system itself gives up (ELOOP); a loop would go on for ever.
        hops += 1
        if hops > 40 { return .unreachable(ELOOP) }
        // The system's links to open files name no real path: `pipe:[123]`, `socket:[45]`,
        // `/tmp/out.txt (deleted)`. Following the name would make a new file of it.
        if current.hasPrefix("/proc/") && (!link.hasPrefix("/") || !isStillNamed(link, openAt: current)) {
            return .openFile(current)
        }
        // Relative to the link's own folder; a link in the current folder names its target as is.
        current = link.hasPrefix("/") || !current.contains("/") ? link : joinPath(parentDirectory(current), link)
    }
    if let resolved = realPath(path) { return .file(resolved) }
    if errno == ELOOP { return .unreachable(ELOOP) }
    return .file(current)
}

/// Writes a file so that a crash leaves either the old or the new text, never half of one:
/// the text goes to a temporary file beside it, which then replaces the original by rename.
/// A file made anew gets `newFileMode`; a rewritten one keeps its own.
func writeAtomically(_ text: String, to path: String, newFileMode: mode_t = 0o644) throws {
    func failure(_ code: Int32) -> WriteError { WriteError(diagnostic: cannotWrite(path, code)) }
    var isDirectory: ObjCBool = false
    if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue {
        throw failure(EISDIR)
    }
    // Through a symbolic link, the file it points to is the one rewritten (renaming over the link
    // would replace the link itself), and a rewritten file keeps its permissions.
    let target: String
    switch writeTarget(path) {
    case let .unreachable(code): throw failure(code)
    case let .file(file): target = file
    case let .descriptor(fd):
        // Written to the descriptor as it stands, at its own position, as a shell's redirection
        // expects (`>> log` appends, and what this process printed before stays before).
        if fd == 1 { fflush(stdout) }
        guard fcntl(fd, F_GETFL) >= 0 else { throw failure(EBADF) }
        if !writeAll(fd, Array(text.utf8)) { throw failure(errno) }
        return
    case let .openFile(link):
        // Appended, never truncated nor replaced: the open file belongs to someone else.
        let fd = open(link, O_WRONLY | O_APPEND | O_CLOEXEC | O_NONBLOCK)
        guard fd >= 0 else { throw failure(errno) }
        defer { close(fd) }
        if !writeAll(fd, Array(text.utf8)) { throw failure(errno) }
        return
    }
    var mode = newFileMode
    var info = stat()
    if stat(target, &info) == 0 {
        mode = info.st_mode & 0o7777
        // The rename needs only the folder's permission, so a file one may not write (made
        // read-only with chmod, or someone else's) would be replaced all the same, and become
        // one's own: a shell's `>` refuses it, and so does this. (Root may write any file.)
        if info.st_mode & S_IFMT == S_IFREG && access(target, W_OK) != 0 && errno == EACCES {
            throw WriteError(
                diagnostic: .plain(
                    "cannot write '\(Value.pictured(path))': permission denied (the file is read-only to you)",
                    hint: "make it writable (chmod u+w) for Casebook to rewrite it, or write elsewhere"))
        }
        if info.st_mode & S_IFMT != S_IFREG {
            // A device, pipe or socket (`/dev/stdout`, a FIFO) is written in place: there is
            // no half-written file to guard against, and a rename would replace the device
            // itself (run as root, that turned /dev/null into a regular file). Opened without
            // waiting: a pipe no one reads fails at once instead of hanging.
            let fd = open(target, O_WRONLY | O_CLOEXEC | O_NONBLOCK)
            guard fd >= 0 else { throw failure(errno) }
            defer { close(fd) }
            if !writeAll(fd, Array(text.utf8)) { throw failure(errno) }
            return
        }
    }
    let directory = parentDirectory(target)
    let name = lastPathComponent(target)
    removeAbandonedTemporaryFiles(in: directory)
    // A name of its own each time, made with O_EXCL and never through a link: a name another
    // process could guess and plant a link at would have the text written wherever it points.
    // A long file name is left out, so the temporary name stays within the 255-byte limit.
    let base = name.utf8.count > 180 ? "" : name
    var temp = ""
    var fd: Int32 = -1
    for _ in 0..<100 {
        let nonce = String(UInt64.random(in: 0..<(1 << 40)), radix: 36)
        temp = joinPath(directory, ".\(base)\(temporaryMarker)\(getpid())-\(nonce).tmp")
        fd = open(temp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0o600)
        if fd >= 0 || errno != EEXIST { break }
    }
    guard fd >= 0 else {
        let code = errno
        // The file itself may well be writable: it is its folder that cannot take the new file.
        if code == EACCES || code == EPERM || code == EROFS {
            throw WriteError(
                diagnostic: .plain(
                    "cannot write '\(path)': its folder '\(directory)' does not let Casebook make a file in it (\(reason(code)))",
                    hint:
                        "Casebook writes the new text to a temporary file beside the old one and renames it over it, so that a crash never leaves half a file; the folder must be writable"
                ))
        }
        throw failure(code)
    }
    if fchmod(fd, mode) != 0 {
        let code = errno
        close(fd)
        unlink(temp)
        throw failure(code)
    }
    var code: Int32 = 0
    if !writeAll(fd, Array(text.utf8)) { code = errno == 0 ? EIO : errno }
    if code == 0 && fsync(fd) != 0 { code = errno }
    close(fd)
    if code == 0 && rename(temp, target) != 0 { code = errno }
    if code != 0 {
        unlink(temp)
        throw failure(code)
    }
}

/// The file a recording of the script at `path` rewrites. A path naming an open descriptor
/// (`--record /dev/stdin < s.cb`, `/dev/fd/3 3<>s.cb`, `/proc/self/fd/3`) names the file open
/// there, which is rewritten like any other: a descriptor written at its own position would
/// leave the old text's tail behind, and standard input is not open for writing. A descriptor
/// that holds no file with a name (a pipe, a terminal, a deleted file) is refused. Any other
/// path is its own.
func recordedFile(_ path: String) throws -> String {
    let link: String
    switch writeTarget(path) {
    case let .descriptor(fd): link = "/proc/self/fd/\(fd)"
    case let .openFile(openLink): link = openLink
    case .file, .unreachable: return path
    }
    func refused(_ why: String) -> WriteError {
        WriteError(
            diagnostic: .plain(
                "cannot record into '\(Value.pictured(path))': \(why)",
                hint:
                    "--record replaces a script with its new text, so it needs the script's own path; name the file itself"
            ))
    }
    var open = stat()
    guard stat(link, &open) == 0 else { throw refused("it names a descriptor that is not open") }
    guard open.st_mode & S_IFMT == S_IFREG else {
        let what: String
        switch open.st_mode & S_IFMT {
        case S_IFIFO: what = "a pipe"
        case S_IFSOCK: what = "a socket"
        case S_IFCHR: what = "a terminal or other device"
        default: what = "not a regular file"
        }
        throw refused("it names a descriptor open on \(what), not on a file")
    }
    let target = linkTarget(link) ?? ""
    guard target.hasPrefix("/"), isStillNamed(target, openAt: link) else {
        throw refused("the file open at that descriptor has no name any more (it was deleted or moved)")
    }
    return target
}

/// Whether `name`, which the system gives as the path of the file open at the /proc link
/// `link`, is that file's path now. The system marks a deleted file by adding " (deleted)" to
/// its path, but a file may really be called that; the file found at the name, not the
/// name's ending, tells. An open file's inode number cannot be given to another file while it
/// is open, so a deleted file's name finds nothing or some other file.
private func isStillNamed(_ name: String, openAt link: String) -> Bool {
    var open = stat()
    var named = stat()
    return stat(link, &open) == 0 && stat(name, &named) == 0 && named.st_dev == open.st_dev
        && named.st_ino == open.st_ino
}

/// The folder a path is in, as `dirname` says: "x" → ".", "/x" → "/", "a/b" → "a", "a/b/" → "a",
/// "/" → "/". Foundation's `deletingLastPathComponent` trapped (signal 4) on a one-character
/// relative path ("x", a link "d"), so paths are taken apart here, by their bytes' slashes.
func parentDirectory(_ path: String) -> String {
    var bytes = Array(path.utf8)
    while bytes.count > 1 && bytes.last == UInt8(ascii: "/") { bytes.removeLast() }
    guard let slash = bytes.lastIndex(of: UInt8(ascii: "/")) else { return "." }
    var end = slash
    while end > 0 && bytes[end - 1] == UInt8(ascii: "/") { end -= 1 }
    if end == 0 { return "/" }
    return String(decoding: bytes[..<end], as: UTF8.self)
}

/// The last part of a path, as `basename` says: "a/b" → "b", "a/b/" → "b", "x" → "x", "/" → "/".
func lastPathComponent(_ path: String) -> String {
    var bytes = Array(path.utf8)
    while bytes.count > 1 && bytes.last == UInt8(ascii: "/") { bytes.removeLast() }
    guard bytes.count > 1, let slash = bytes.lastIndex(of: UInt8(ascii: "/")) else {
        return String(decoding: bytes, as: UTF8.self)
    }
    return String(decoding: bytes[(slash + 1)...], as: UTF8.self)
}

/// A name inside a folder: "." + "x" → "./x", "/" + "x" → "/x", "a" + "x" → "a/x".
func joinPath(_ directory: String, _ name: String) -> String {
    directory.hasSuffix("/") ? directory + name : directory + "/" + name
}

/// Replaces a script that `--record` read as `original` with `text`, unless the script changed
/// while it ran: then nothing is written, and the error says so. The file is read again under
/// its lock, held until the new text has been renamed over it, so another `--record` of the
/// same file waits. (Before, an edit saved during the run was lost, a script deleted was made
/// again, and one swapped for a link had the link's target overwritten.)
func rewriteScript(_ named: String, readAs original: [UInt8], with text: String) throws {
    let path = try recordedFile(named)
    func changed(_ how: String) -> WriteError {
        WriteError(
            diagnostic: .plain(
                "cannot record into '\(path)': it changed while Casebook ran (\(how)); nothing was recorded",
                hint: "run --record again on the file as it is now"))
    }
    var info = stat()
    // A device or pipe has no text to compare, and is not opened here: a pipe opened for
    // reading would take the recording itself. writeAtomically says what it can of it.
    if stat(path, &info) == 0 && info.st_mode & S_IFMT != S_IFREG {
        try writeAtomically(text, to: path)
        return
    }
    let fd = openLocked(path, O_RDONLY)
    guard fd >= 0 else {
        if errno == ENOENT { throw changed("it was deleted") }
        throw WriteError(diagnostic: cannotWrite(path, errno))
    }
    defer { close(fd) }
    guard let now = readWhole(fd) else { throw WriteError(diagnostic: cannotWrite(path, errno)) }
    if now != original { throw changed("it holds other text now") }
    try writeAtomically(text, to: path)
}

/// What every temporary file of `writeAtomically` has in its name, followed by the writer's
/// process id.
private let temporaryMarker = ".casebook-"

/// Removes temporary files that a killed casebook left in `directory`: those whose writer is
/// no longer running and that have not changed for a minute. Without this, each kill during a
/// write left one behind for good.
func removeAbandonedTemporaryFiles(in directory: String) {
    guard let names = try? FileManager.default.contentsOfDirectory(atPath: directory) else { return }
    let now = time(nil)
    for name in names where name.hasPrefix(".") && name.hasSuffix(".tmp") {
        guard let marker = name.range(of: temporaryMarker, options: .backwards) else { continue }
        let rest = name[marker.upperBound...].dropLast(4)
        // Earlier versions wrote `.NAME.casebook-PID.tmp`, without the part after a dash.
        guard let pid = Int32(rest.prefix { $0 != "-" }), pid > 0 else { continue }
        guard kill(pid, 0) != 0 && errno == ESRCH else { continue }
        let path = directory + "/" + name
        var info = stat()
        guard lstat(path, &info) == 0, info.st_mode & S_IFMT == S_IFREG, now - info.st_mtim.tv_sec > 60 else {
            continue
        }
        unlink(path)
    }
}

/// A file that could not be written, and why, in the words of `reason` but for the causes that
/// only a write meets: a missing folder, a pipe opened without waiting that no one reads, and a
/// lock that another process held past the wait of `openLocked`.
func cannotWrite(_ path: String, _ code: Int32) -> Diagnostic {
    // A path ending in '/' names a folder. When that folder is missing, open(O_CREAT) says
    // EISDIR and rename ENOTDIR, as if something were in the way; nothing is.
    if path.hasSuffix("/"), [ENOENT, EISDIR, ENOTDIR].contains(code) {
        var info = stat()
        if stat(path, &info) != 0 && errno == ENOENT {
            return .plain(
                "cannot write '\(path)': no such directory",
                hint: "a path ending in '/' names a directory; give the name of the file to write")
        }
    }
    let why: String
    switch code {
    case ENOENT: why = "no such directory"
    case ENXIO: why = "it is a pipe that no one is reading"
    case EWOULDBLOCK: why = heldLock
    default: why = reason(code)
    }
    return .plain("cannot write '\(path)': \(why)")
}

/// Why `openLocked` failed with EWOULDBLOCK, in words.
let heldLock = "another program (another casebook, most likely) holds a lock on it; Casebook waited 2 s for it"

/// Why a write failed, in words.
func reason(_ code: Int32) -> String {
    switch code {
    case EISDIR: return "it is a directory"
    case EACCES, EPERM, EROFS: return "permission denied"
    case ENOSPC, EDQUOT: return "no space left on the device"
    case EFBIG: return "the file would pass the size limit"
    case ENOTDIR: return "part of its path is a file, not a directory"
    case ELOOP: return "its symbolic links go round in a loop"
    default: return String(cString: strerror(code)).lowercased()
    }
}

/// Writes to standard output. Output that cannot be written (a full disk, say) is reported on
/// standard error and ends the run with status 1, so that no one takes a cut-off result for a
/// whole one. (A closed pipe ends the process by SIGPIPE first, as it does `cat`.)
func writeOutput(_ text: String) {
    // What print() buffered goes first, so the two kinds of output keep their order.
    if fflush(stdout) != 0 { outputFailed(errno) }
    if !writeAll(1, Array(text.utf8)) { outputFailed(errno) }
}

/// `print`, for this target: written at once through `writeOutput`, so that it fails as all
/// other output does and waits, as it does, on a standard output someone left non-blocking.
/// (Swift's own `print` goes through stdio, whose buffer is lost when a write fails with EAGAIN.)
func print(_ items: Any..., separator: String = " ", terminator: String = "\n") {
    writeOutput(items.map { "\($0)" }.joined(separator: separator) + terminator)
}

/// Lines of standard input, for the tour: read with `read`, which `waitUntilReady` can wait on,
/// rather than stdio's `readLine`, which takes a non-blocking stdin's EAGAIN for its end.
final class StandardInputLines {
    private var buffer: [UInt8] = []
    private var ended = false

    /// The next line without its line end (LF or CRLF), or nil at the end of input.
    func next() -> String? {
        var chunk = [UInt8](repeating: 0, count: 4096)
        while true {
            if let end = buffer.firstIndex(of: 10) {
                var line = buffer[..<end]
                if line.last == 13 { line = line.dropLast() }
                buffer.removeSubrange(...end)
                return String(decoding: line, as: UTF8.self)
            }
            if ended {
                if buffer.isEmpty { return nil }
                defer { buffer = [] }
                return String(decoding: buffer, as: UTF8.self)
            }
            let n = chunk.withUnsafeMutableBufferPointer { read(0, $0.baseAddress!, $0.count) }
            if n < 0 && errno == EINTR { continue }
            if n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK) {
                waitUntilReady(0, for: POLLIN)
                continue
            }
            if n <= 0 { ended = true } else { buffer.append(contentsOf: chunk[..<n]) }
        }
    }
}

/// Writes to standard error; if even that fails, there is nowhere left to say so.
func writeErrorOutput(_ text: String) {
    _ = writeAll(2, Array(text.utf8))
}

/// Flushes what print() buffered, and reports a failure like any other output failure. Every
/// command ends through this (see `Casebook.main`).
func finishOutput() {
    if fflush(stdout) != 0 || ferror(stdout) != 0 { outputFailed(errno) }
}

private func outputFailed(_ code: Int32) -> Never {
    writeErrorOutput("casebook: error: cannot write the output: \(reason(code))\n")
    // _exit, not exit: exit would flush the failed buffer once more.
    _exit(1)
}

/// Whether output to this descriptor (1 or 2) may be coloured: a terminal, and no `NO_COLOR`.
func usesColor(_ fd: Int32) -> Bool {
    isatty(fd) != 0 && ProcessInfo.processInfo.environment["NO_COLOR"] == nil
}

/// A path typed with a leading `~` as a shell reads it: `~` and `~/…` in `$HOME` (the account's
/// home only when HOME is unset or empty), `~name/…` in that user's home; anything else as it
/// is. (Foundation's `expandingTildeInPath` takes the account's home whatever HOME says, so
/// `:load ~/x.cb` looked in another folder than the shell's `~/x.cb`, and the history's.)
func expandingTilde(_ path: String, environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
    guard path.hasPrefix("~") else { return path }
    let slash = path.firstIndex(of: "/") ?? path.endIndex
    let user = path[path.index(after: path.startIndex)..<slash]
    let home: String
    if user.isEmpty {
        home = environment["HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? NSHomeDirectory()
    } else {
        guard let entry = getpwnam(String(user)), let directory = entry.pointee.pw_dir else { return path }
        home = String(cString: directory)
    }
    let rest = path[slash...]
    // `~/x` in a HOME of "/" is "/x", not "//x".
    return home.hasSuffix("/") && rest.hasPrefix("/") ? home + rest.dropFirst() : home + rest
}

/// The path with every link and `.`/`..` resolved (realpath(3)); nil, with errno set, if it
/// cannot be resolved.
func realPath(_ path: String) -> String? {
    guard let resolved = realpath(path, nil) else { return nil }
    defer { free(resolved) }
    return String(cString: resolved)
}
