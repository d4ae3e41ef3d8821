// libFuzzer entry point: every input is loaded as a program into a fresh session, with tight
// limits, so the lexer, parser, resolver, stratifier and evaluator all see it. Any crash, trap
// or hang libFuzzer finds is a bug; fuzz/run.sh builds and runs this.

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    let session = Session()
    session.limits = Limits(timeout: 1, maxDerivedFacts: 20_000)
    _ = session.load(SourceFile(name: "<fuzz>", bytes: bytes)) { _ in true }
    // Values that reach the expectation reader and the document splitter too.
    _ = Expectations.read(SourceFile(name: "<fuzz>", bytes: bytes))
    _ = Document(name: "<fuzz>", text: String(decoding: bytes, as: UTF8.self))
    return 0
}
