"""Build the Cython plant models. All other metadata lives in pyproject.toml."""
from __future__ import annotations

import sys

from setuptools import Extension, setup
from setuptools.command.build_ext import build_ext

# One entry per compiled module: plant_models/<name>.pyx
EXTENSIONS = ["_base", "_oven_zone", "_coater_oven", "_calender", "_notching_press", "_slurry_mixer",
              "_electrolyte_filling", "_formation_rack", "_dry_room", "_agv_transfer"]


def cythonized_extensions() -> list[Extension]:
    try:
        from Cython.Build import cythonize
    except ImportError:
        sys.exit(
            "battery-hil: Cython is required to build the plant models.\n"
            "  pip installs it from pyproject.toml's [build-system]; if you build with\n"
            "  --no-build-isolation, run `pip install 'Cython>=3.0'` first."
        )
    extensions = [Extension(f"plant_models.{name}", [f"plant_models/{name}.pyx"]) for name in EXTENSIONS]
    return cythonize(extensions, language_level=3, compiler_directives={"boundscheck": False, "wraparound": False})


class BuildExtWithHint(build_ext):
    """A missing C compiler or Python headers end with what to install, not a bare traceback."""

    def run(self) -> None:
        try:
            super().run()
        except Exception as exc:  # setuptools raises several unrelated types for a missing compiler
            sys.exit(
                f"battery-hil: compiling the plant models failed: {exc}\n"
                "  A C compiler and the Python headers are needed:\n"
                "    Debian/Ubuntu: apt-get install gcc python3-dev\n"
                "    RHEL/Fedora:   dnf install gcc python3-devel"
            )


setup(ext_modules=cythonized_extensions(), cmdclass={"build_ext": BuildExtWithHint})
