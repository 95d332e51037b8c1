"""SARIF 2.1.0 output (``drafter validate --format sarif``) for GitHub and GitLab code scanning.

One run, tool ``drafter``; every finding code is a rule (the lint's DLxxx
rules with their descriptions, the structural checks by name).  Severity maps
to ``level``: error -> error, warning -> warning, info -> note.  Each result
points at the file (relative to the working directory, ``%SRCROOT%``) and the
line where known (line 1 otherwise: code scanning needs a region), with the
section and field as a logical location and the suggestion in the message.
Unreadable inputs become tool execution notifications, and the invocation is
unsuccessful when any input could not be read.
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

from .. import __version__
from ..findings import Finding, Severity
from .report import FileResult, exit_code

SCHEMA_URI = "https://json.schemastore.org/sarif-2.1.0.json"
LEVELS = {Severity.error: "error", Severity.warning: "warning", Severity.info: "note"}


def _uri(path: str) -> str:
    p = Path(path)
    try:
        rel = p.resolve().relative_to(Path.cwd().resolve())
        return rel.as_posix()
    except ValueError:
        return p.resolve().as_uri()


def _rules(results: list[FileResult]) -> tuple[list[dict], dict[str, int]]:
    from ..lint.rules import RULES

    codes: list[str] = []
    for r in results:
        for f in r.findings:
            if f.code not in codes:
                codes.append(f.code)
    codes.sort()
    rules = []
    for code in codes:
        rule = RULES.get(code)
        if rule is not None:
            rules.append(
                {
                    "id": code,
                    "name": rule.name,
                    "shortDescription": {"text": rule.summary},
                    "defaultConfiguration": {"level": "note" if rule.level == "info" else rule.level},
                    "properties": {"tags": ["drafter-lint"]},
                }
            )
        else:
            rules.append({"id": code, "name": code, "shortDescription": {"text": code.replace("-", " ")}})
    return rules, {code: i for i, code in enumerate(codes)}


def _result(f: Finding, uri: str, index: dict[str, int]) -> dict:
    text = f.message + (f" Suggestion: {f.suggestion}." if f.suggestion else "")
    location: dict = {
        "physicalLocation": {
            "artifactLocation": {"uri": uri} | ({"uriBaseId": "%SRCROOT%"} if not uri.startswith("file:") else {}),
            "region": {"startLine": f.line if f.line and f.line > 0 else 1},
        }
    }
    if f.section:
        name = f"{f.section}.{f.field}" if f.field else f.section
        location["logicalLocations"] = [{"name": f.field or f.section, "fullyQualifiedName": name, "kind": "member"}]
    fingerprint = hashlib.sha256(f"{f.code}|{uri}|{f.section}|{f.field}|{f.message}".encode()).hexdigest()[:32]
    return {
        "ruleId": f.code,
        "ruleIndex": index[f.code],
        "level": LEVELS[f.severity],
        "message": {"text": text},
        "locations": [location],
        "partialFingerprints": {"drafterFinding/v1": fingerprint},
    }


def to_sarif_dict(results: list[FileResult], strict: bool = False) -> dict:
    rules, index = _rules(results)
    out_results = []
    notifications = []
    for r in results:
        uri = _uri(r.path)
        if r.error is not None:
            notifications.append(
                {
                    "level": "error",
                    "message": {"text": f"{r.path}: {r.error}"},
                    "locations": [{"physicalLocation": {"artifactLocation": {"uri": uri}}}],
                }
            )
            continue
        out_results.extend(_result(f, uri, index) for f in r.findings)
    code = exit_code(results, strict)
    return {
        "$schema": SCHEMA_URI,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "drafter",
                        "version": __version__,
                        "rules": rules,
                    }
                },
                "originalUriBaseIds": {"%SRCROOT%": {"uri": Path.cwd().resolve().as_uri() + "/"}},
                "invocations": [
                    {
                        "executionSuccessful": not notifications,
                        "exitCode": code,
                        "toolExecutionNotifications": notifications,
                        "workingDirectory": {"uri": Path(os.getcwd()).resolve().as_uri() + "/"},
                    }
                ],
                "results": out_results,
                "columnKind": "unicodeCodePoints",
            }
        ],
    }


def to_sarif(results: list[FileResult], strict: bool = False) -> str:
    return json.dumps(to_sarif_dict(results, strict), indent=2, ensure_ascii=False)
