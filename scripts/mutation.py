"""Mutation testing of the action layer (`make mutation`; not part of `make test`).

Why not mutmut: mutmut 3 runs pytest inside its own process with trampolines in every function,
and Django's app registry and test database do not survive that here (its clean run fails where
plain pytest passes). This runner is small and does one thing: it makes each mutant in a copy of
the project, runs the tests that call the actions with plain pytest, and counts who survives.

Mutants, for every module of the action layer:
- guard: each rule check removed: a call of `require…(…)`, an `if …: raise Refused(…)`, and in
  `plans/rules.py` each permission predicate made to answer True;
- condition: each comparison flipped (== !=, < >=, <= >, in / not in), `and`/`or` swapped (but
  not in `now or timezone.now()`, a default), and each `not` dropped inside an `if`.

A surviving guard mutant means a rule that no test checks through the action itself. The report is
written to docs/mutation.md.
"""

import ast
import os
import shutil
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MODULES = [
    "consultation/participation/actions.py",
    "consultation/participation/intake.py",
    "consultation/moderation/actions.py",
    "consultation/versions/actions.py",
    "consultation/reports/actions.py",
    "consultation/importing/actions.py",
    "consultation/privacy/personal_data.py",
    "consultation/plans/rules.py",
    "consultation/moderation/review.py",
    "consultation/moderation/groups.py",
    "consultation/moderation/assignment.py",
    "consultation/participation/following.py",
    "consultation/notifications/outbox.py",
]
TESTS = [
    "tests/consultation/test_action_rules.py", "tests/consultation/test_moderation.py",
    "tests/consultation/test_adoption.py", "tests/consultation/test_rules.py",
    "tests/consultation/test_replies.py", "tests/consultation/test_privacy.py",
    "tests/consultation/test_record_actions.py",
    "tests/consultation/test_two_step_responses.py", "tests/consultation/test_comment_groups.py",
    "tests/consultation/test_assignment.py", "tests/consultation/test_responsible_experts.py",
    "tests/notifications/test_mail_events.py", "tests/notifications/test_outbox_admin.py",
]
WORKERS = int(os.environ.get("MUTATION_WORKERS", "2"))
KINDS = os.environ.get("MUTATION_KINDS", "guard,condition").split(",")  # e.g. MUTATION_KINDS=guard
FLIPS = {ast.Eq: ast.NotEq, ast.NotEq: ast.Eq, ast.Lt: ast.GtE, ast.GtE: ast.Lt, ast.Gt: ast.LtE,
         ast.LtE: ast.Gt, ast.In: ast.NotIn, ast.NotIn: ast.In, ast.Is: ast.IsNot, ast.IsNot: ast.Is}


@dataclass
class Mutant:
    module: str
    line: int
    kind: str  # "guard" or "condition"
    description: str
    source: str
    killed: bool | None = None


def _is_guard_call(node):
    return (isinstance(node, ast.Expr) and isinstance(node.value, ast.Call)
            and isinstance(node.value.func, ast.Name) and node.value.func.id.lstrip("_").startswith("require"))


def _raises_refused(body):
    return any(isinstance(s, ast.Raise) and isinstance(s.exc, ast.Call) and getattr(s.exc.func, "id", "") == "Refused"
               for s in body)


def _is_default(node):
    """`now or timezone.now()`: a default for a missing argument, not a condition."""
    return (isinstance(node.op, ast.Or) and len(node.values) == 2 and isinstance(node.values[0], ast.Name)
            and isinstance(node.values[1], ast.Call))


class _Replace(ast.NodeTransformer):
    """Replaces the one node `target` (compared by identity) with `replacement`."""

    def __init__(self, target, replacement):
        self.target, self.replacement = target, replacement

    def generic_visit(self, node):
        if node is self.target:
            return self.replacement
        return super().generic_visit(node)


def _mutated(tree_source, path, target_finder, replacement_maker):
    tree = ast.parse(tree_source)
    target = target_finder(tree)
    new_tree = _Replace(target, replacement_maker(target)).visit(tree)
    ast.fix_missing_locations(new_tree)
    return ast.unparse(new_tree)


def mutants_of(module):
    source = (ROOT / module).read_text()
    tree = ast.parse(source)
    nodes = list(ast.walk(tree))
    found = []

    def by_index(index):
        return lambda new_tree: list(ast.walk(new_tree))[index]

    for index, node in enumerate(nodes):
        line = getattr(node, "lineno", 0)
        if _is_guard_call(node):
            found.append(Mutant(module, line, "guard", f"removed {ast.unparse(node.value)[:70]}",
                                _mutated(source, module, by_index(index), lambda n: ast.Pass())))
        elif isinstance(node, ast.If) and _raises_refused(node.body):
            found.append(Mutant(module, line, "guard", f"never raised: if {ast.unparse(node.test)[:60]}",
                                _mutated(source, module, by_index(index),
                                         lambda n: ast.If(test=ast.Constant(False), body=n.body, orelse=n.orelse))))
        elif (module.endswith("rules.py") and isinstance(node, ast.FunctionDef)
              and node.name.startswith(("can_", "is_"))):
            found.append(Mutant(module, line, "guard", f"{node.name} always True",
                                _mutated(source, module, by_index(index), lambda n: ast.FunctionDef(
                                    name=n.name, args=n.args, body=[ast.Return(ast.Constant(True))],
                                    decorator_list=n.decorator_list, returns=None, type_params=[]))))
        elif isinstance(node, ast.Compare) and len(node.ops) == 1 and type(node.ops[0]) in FLIPS:
            flipped = FLIPS[type(node.ops[0])]
            found.append(Mutant(module, line, "condition", f"{ast.unparse(node)[:60]} flipped",
                                _mutated(source, module, by_index(index), lambda n, f=flipped: ast.Compare(
                                    left=n.left, ops=[f()], comparators=n.comparators))))
        elif isinstance(node, ast.BoolOp) and not _is_default(node):
            other = ast.Or if isinstance(node.op, ast.And) else ast.And
            found.append(Mutant(module, line, "condition", f"and/or swapped in {ast.unparse(node)[:50]}",
                                _mutated(source, module, by_index(index),
                                         lambda n, o=other: ast.BoolOp(op=o(), values=n.values))))
        elif isinstance(node, ast.If) and isinstance(node.test, ast.UnaryOp) and isinstance(node.test.op, ast.Not):
            found.append(Mutant(module, line, "condition", f"not dropped in if {ast.unparse(node.test)[:50]}",
                                _mutated(source, module, by_index(index), lambda n: ast.If(
                                    test=n.test.operand, body=n.body, orelse=n.orelse))))
    return found


def make_copy(worker):
    copy = ROOT / "var" / "mutation" / f"worker-{worker}"
    if copy.exists():
        shutil.rmtree(copy)
    ignore = shutil.ignore_patterns(".venv", "var", ".git", "test-artifacts", "__pycache__", "mutants", "db.sqlite3")
    shutil.copytree(ROOT, copy, ignore=ignore)
    return copy


def run_tests(copy):
    env = dict(os.environ, DROGOWSKAZ_TEST_DB="sqlite", DJANGO_SETTINGS_MODULE="plansite.settings.test")
    result = subprocess.run(
        [str(ROOT / ".venv" / "bin" / "python"), "-m", "pytest", "-x", "-q", "-p", "no:cacheprovider", *TESTS],
        cwd=copy, env=env, capture_output=True, text=True, timeout=900,
    )
    return result.returncode == 0


def main():
    mutants = [m for module in MODULES for m in mutants_of(module) if m.kind in KINDS]
    copies = [make_copy(n) for n in range(WORKERS)]
    if not run_tests(copies[0]):
        sys.exit("The tests fail without any mutant: fix them first.")
    queue = list(enumerate(mutants))
    started = time.monotonic()

    def work(worker):
        copy = copies[worker]
        while queue:
            try:
                number, mutant = queue.pop(0)
            except IndexError:
                return
            target = copy / mutant.module
            original = (ROOT / mutant.module).read_text()
            target.write_text(mutant.source)
            try:
                mutant.killed = not run_tests(copy)
            finally:
                target.write_text(original)
            print(f"[{number + 1}/{len(mutants)}] {'killed ' if mutant.killed else 'SURVIVED'} "
                  f"{mutant.module}:{mutant.line} {mutant.description}", flush=True)

    with ThreadPoolExecutor(WORKERS) as pool:
        list(pool.map(work, range(WORKERS)))
    write_report(mutants, time.monotonic() - started)
    survivors = [m for m in mutants if m.kind == "guard" and not m.killed]
    sys.exit(1 if survivors else 0)


def write_report(mutants, seconds):
    def score(items):
        killed = sum(1 for m in items if m.killed)
        return f"{killed}/{len(items)} killed ({100 * killed / len(items):.0f} %)" if items else "none"

    lines = [
        "# Mutation testing of the action layer",
        "",
        "Made by `make mutation` (scripts/mutation.py; not part of `make test`). Each mutant is one change",
        "to one module of the action layer; the tests that call the actions run against it with plain",
        "pytest; a mutant is killed when a test fails.",
        "",
        f"- Guards (a rule check removed, a permission predicate answering yes): {score([m for m in mutants if m.kind == 'guard'])}",
        f"- Conditions (a comparison flipped, and/or swapped, a not dropped): {score([m for m in mutants if m.kind == 'condition'])}",
        f"- All: {score(mutants)}, in {seconds / 60:.0f} minutes with {WORKERS} workers.",
        "",
        "| module | guards | conditions |",
        "| --- | --- | --- |",
    ]
    for module in MODULES:
        of = [m for m in mutants if m.module == module]
        lines.append(f"| `{module}` | {score([m for m in of if m.kind == 'guard'])} | "
                     f"{score([m for m in of if m.kind == 'condition'])} |")
    survivors = [m for m in mutants if not m.killed]
    lines += ["", "## Surviving mutants", ""]
    lines += [f"- {m.kind}: `{m.module}:{m.line}` {m.description}" for m in survivors] or ["None."]
    (ROOT / "docs" / "mutation.md").write_text("\n".join(lines) + "\n")


if __name__ == "__main__":
    main()
