"""One class for what the dialects share: `_generated/common.py` from the four Struct modules.

datamodel-code-generator writes each dialect's Structs from its own canonical schema, so every
dialect had its own `Blob`, `ErrorBody`, `HarmProbability`, ... A definition (class or type
alias) that reads the same in every dialect's module, and names only definitions that are
shared too, moves to `_generated/common.py`; each dialect's module imports it from there. Then
`gemini.ErrorBody is vertex.ErrorBody`, and a client annotates it once. Definitions that differ
in any dialect (a field more, a value more, a field of a class that differs) stay in each
module; the drift tests compare each dialect with its spec as before.
"""

from __future__ import annotations

import ast

COMMON = "common"


class Module:
    """A generated Struct module: its import preamble and its top-level definitions, in order."""

    def __init__(self, source: str) -> None:
        tree = ast.parse(source)
        lines = source.splitlines(keepends=True)
        first = tree.body[next(i for i, node in enumerate(tree.body) if not imports(node))]
        self.preamble = "".join(lines[: first.lineno - 1])
        self.blocks: dict[str, str] = {}
        self.names: dict[str, set[str]] = {}
        for node in tree.body:
            if imports(node):
                continue
            name = defined(node)
            self.blocks[name] = "".join(lines[node.lineno - 1 : node.end_lineno])
            self.names[name] = {n.id for n in ast.walk(node) if isinstance(n, ast.Name)}

    def source(self, keep: list[str], imported: list[str]) -> str:
        """The module with the definitions `keep`, importing `imported` from common.py."""
        head = self.preamble.rstrip("\n") + "\n"
        if imported:
            names = "".join(f"    {name} as {name},\n" for name in imported)  # re-exported (mypy)
            head += f"from gemini_wire._generated.{COMMON} import (\n{names})\n"
        body = "\n\n".join(self.blocks[name] for name in keep)
        return f"{head}\n\n{body}"


def imports(node: ast.stmt) -> bool:
    return isinstance(node, (ast.Import, ast.ImportFrom))


def defined(node: ast.stmt) -> str:
    if isinstance(node, ast.ClassDef):
        return node.name
    if isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
        return node.target.id
    raise ValueError(f"a generated module holds a statement of an unexpected kind: {ast.dump(node)[:80]}")


def shared_names(modules: list[Module]) -> list[str]:
    """The definitions that read alike in every module and name only shared definitions, in the
    order of the first module."""
    first = modules[0]
    every = set(first.blocks).union(*(m.blocks for m in modules[1:]))
    same = {
        name
        for name in first.blocks
        if all(m.blocks.get(name) == first.blocks[name] for m in modules[1:])
    }
    changed = True
    while changed:  # a definition naming one that differs somewhere is not shared either
        changed = False
        for name in sorted(same):
            if (first.names[name] & every) - {name} - same:
                same.discard(name)
                changed = True
    return [name for name in first.blocks if name in same]


def split(sources: dict[str, str]) -> tuple[str, dict[str, str]]:
    """common.py's source, and each module's source without what common.py holds."""
    modules = {key: Module(text) for key, text in sources.items()}
    ordered = list(modules.values())
    shared = shared_names(ordered)
    common = ordered[0].source(shared, [])
    out = {}
    for key, module in modules.items():
        out[key] = module.source([name for name in module.blocks if name not in shared], shared)
    return common, out
