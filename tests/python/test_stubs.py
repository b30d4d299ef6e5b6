"""The type stubs of the extension (clustersim/_core.pyi) name exactly what the extension has,
and the public API has docstrings."""
import ast
import inspect
from pathlib import Path

import clustersim as cs
import clustersim.plot as csp
import clustersim.report as csr
from clustersim import _core

STUB = Path(_core.__file__).with_name("_core.pyi")


def stub_names():
    tree = ast.parse(STUB.read_text(encoding="utf-8"))
    top, members = set(), {}
    for node in tree.body:
        if isinstance(node, (ast.FunctionDef, ast.ClassDef)):
            top.add(node.name)
        if isinstance(node, ast.AnnAssign):
            top.add(node.target.id)
        if isinstance(node, ast.ClassDef):
            members[node.name] = {n.name for n in node.body if isinstance(n, ast.FunctionDef)}
            members[node.name] |= {n.target.id for n in node.body if isinstance(n, ast.AnnAssign)}
    return top, members


def public(obj):
    return {n for n in dir(obj) if not n.startswith("_")}


def test_stub_names_match_the_extension():
    top, members = stub_names()
    # The sweep and calibration functions exist when the build has those layers.
    optional = {"sweep_files": _core.have_sweep, "seek": _core.have_calibration,
                "calibrate": _core.have_calibration, "optimize": _core.have_calibration,
                "optimize_defaults": _core.have_calibration}
    assert top - {n for n, present in optional.items() if not present} == public(_core)
    for cls in ("LoadedScenario", "RunData"):
        assert members[cls] == public(getattr(_core, cls)), cls


def test_package_is_typed():
    assert Path(cs.__file__).with_name("py.typed").is_file()


def test_public_api_has_docstrings():
    missing = []
    from clustersim import _calibration as csc, _sweep as css
    for module in (cs, csp, csr, css, csc):
        for name in getattr(module, "__all__", []):
            obj = getattr(module, name)
            if (inspect.isfunction(obj) or inspect.isclass(obj)) and not inspect.getdoc(obj):
                missing.append(f"{module.__name__}.{name}")
            if inspect.isclass(obj) and obj.__module__.startswith("clustersim"):
                for attr, member in vars(obj).items():
                    if attr.startswith("_"):
                        continue
                    if (inspect.isfunction(member) or isinstance(member, property)) \
                            and not inspect.getdoc(member):
                        missing.append(f"{module.__name__}.{name}.{attr}")
    assert not missing, missing
