"""Documents: any input in, checked documents out, each finding placed in its file (line, column,
and a path from the file's root).

    outcome = formats.check(source, Options(settings), listener)   # one file, any format

An input is a payload file (a request, a response, an error body, a stream saved as a JSON
array; or the Interactions API's request, Interaction or stream of events), a batch file (JSONL), a recording (a vcrpy, Ruby VCR or go-vcr cassette, a HAR file), or
a test run's exchange (`traffic.check_call`, which gemini_wire.testing calls). Its format is
sniffed once, by the first row of `formats.FORMATS` that claims it, and its bytes are read and
parsed once by that row's check.

    formats   the table of input formats, and `check`: one input, its findings told as found
    check     one JSON document (a payload, or a batch line) and its kind, by option or by shape
    batch     batch files: chunks of lines on every core, in constant memory, in order
    outputs   batch output files: each answer against its request (the input found beside it)
    traffic   recorded calls: each exchange in the dialect and with the model its URL names
    exchanges a response against its request, a request against the call it replays (GW8xx)
    contracts the answer against its request's other settings, and against itself (GW814-GW819)
    fields    the fields of JSON values as the wire spells them (camelCase or snake_case)
    sources   the files a command line names (files, folders, globs, `-`), and their bytes
    ignore    what a folder walk leaves out (.gitignore files and exclude patterns)

The command line (gemini_wire.cli), the pytest plugin (gemini_wire.testing) and Beam
(gemini_wire.beam) stand on this package; it never imports them.
"""
