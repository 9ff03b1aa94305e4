"""The layers a newcomer is promised in the README: arrows point down only (cli -> domain,
outputs, imports -> store -> models; everything may use the ground floor), and the command line
never touches the folder itself. Checked on the source, import by import."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from conftest import ROOT

PACKAGE = ROOT / "src" / "samling"
GROUND = {"errors", "env", "clock", "ids", "text", "__init__"}  # samling.__version__ comes from __init__
# What each layer may import from samling, besides the ground floor and itself.
ALLOWED = {
    "models": set(),
    "store": {"models"},
    "domain": {"models", "store"},
    "imports": {"models", "store", "domain"},
    "outputs": {"models", "store", "domain"},
    "cli": {"domain", "outputs", "imports", "models"},
}


def layer_of(module: str) -> str:
    parts = module.split(".")
    if len(parts) == 1 or parts[1].startswith("__"):  # samling, samling.__version__
        return "__init__"
    return parts[1]


def imports(path: Path) -> list[tuple[str, bool]]:
    """(module, only for type checking) for every ``samling`` import in the file."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    checking: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            checking |= {id(n) for child in node.body for n in ast.walk(child)}
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("samling"):
            if node.module == "samling":
                found += [(f"samling.{alias.name}", id(node) in checking) for alias in node.names]
            else:
                found.append((node.module, id(node) in checking))
        elif isinstance(node, ast.Import):
            found += [(a.name, id(node) in checking) for a in node.names if a.name.startswith("samling")]
    return found


SOURCES = sorted(p for p in PACKAGE.rglob("*.py") if len(p.relative_to(PACKAGE).parts) > 1)


@pytest.mark.parametrize("path", SOURCES, ids=lambda p: p.relative_to(PACKAGE).as_posix())
def test_arrows_point_down_only(path: Path) -> None:
    layer = path.relative_to(PACKAGE).parts[0]
    for module, type_checking_only in imports(path):
        target = layer_of(module)
        if target in GROUND or target == layer:
            continue
        if type_checking_only and layer == "cli" and target == "store":
            continue  # a type in a signature (the Store a command passes on) is no access to the folder
        assert target in ALLOWED[layer], f"{path.relative_to(ROOT)} imports {module}: {layer} may not use {target}"


def test_the_ground_floor_uses_nothing_above_it() -> None:
    for name in GROUND - {"__init__"}:
        for module, _ in imports(PACKAGE / f"{name}.py"):
            assert layer_of(module) in GROUND, f"{name}.py imports {module}"


def test_a_command_group_can_be_used_on_its_own(tmp_path: Path) -> None:
    """Commands live at module level: one group's Typer app runs without the rest of the CLI."""
    from typer.testing import CliRunner

    from samling.cli import network, org

    runner = CliRunner()
    root = tmp_path / "net"
    from samling.domain.network import init

    init(root, "Testnätverket", "sv")
    result = runner.invoke(org.app, ["add", "Växjö kommun", "--dir", str(root)])
    assert result.exit_code == 0, result.output
    assert (root / "organizations" / "vaxjo-kommun.toml").is_file()
    assert callable(network.check)
