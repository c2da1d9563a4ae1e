"""`make install` (scripts/install_python.sh) puts importable duckwire and riffq packages, with DuckDB's
library beside the extension module, where /usr/bin/python3 finds them (here: a directory of the test's)."""
import os
import subprocess

from python_programs import BUILD, ROOT


def test_installed_packages_import_and_answer_without_the_build_tree(tmp_path):
    site = tmp_path / "site"
    installed = subprocess.run(["bash", str(ROOT / "scripts" / "install_python.sh"), str(site)],
                               capture_output=True, text=True, env={**os.environ, "BUILD_DIR": str(BUILD)})
    assert installed.returncode == 0, installed.stderr
    assert (site / "duckwire" / "libduckdb.so").is_file()
    code = ("import riffq, duckwire, riffq.helpers, riffq.connection\n"
            "print(riffq.__file__)\n"
            "print(riffq.helpers.to_arrow([{'name': 'a', 'type': 'int'}], [[1]]))\n"
            "print(duckwire.arrow_batch([[1, 2]], ['n']).num_rows)\n")
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    out = subprocess.run(["/usr/bin/python3", "-c", code], capture_output=True, text=True, cwd=tmp_path,
                         env={**env, "PYTHONPATH": str(site)})
    assert out.returncode == 0, out.stderr
    lines = out.stdout.splitlines()
    assert lines[0] == str(site / "riffq" / "__init__.py")
    assert lines[1].startswith('<capsule object "arrow_array_stream"')
    assert lines[2] == "2"
