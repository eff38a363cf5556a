# Two commands on a fresh Debian machine with Python 3.11:
#   make run   install everything, load the seed article into exports/demo.db, open the editor
#   make test  install everything and run the whole test suite headless
SHELL := /bin/bash
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
DEMO := exports/demo.db
# Shared libraries PySide6's xcb, wayland and offscreen platform plugins load on a bare
# machine (checked with ldd on the plugins in .venv).
QT_DEBS := libegl1 libgl1 libglib2.0-0 libfontconfig1 libfreetype6 libxkbcommon0 libdbus-1-3 \
	libx11-6 libx11-xcb1 libxcb1 libxkbcommon-x11-0 libxcb-cursor0 libxcb-icccm4 libxcb-image0 \
	libxcb-keysyms1 libxcb-randr0 libxcb-render-util0 libxcb-shape0 libxcb-xfixes0 libxcb-xkb1 \
	libxcb-render0 libxcb-shm0 libxcb-sync1 libxrender1 libsm6 libice6 \
	libwayland-client0 libwayland-cursor0 libwayland-egl1 xvfb
export HF_DATASETS_OFFLINE := 1
export HF_HUB_OFFLINE := 1

.PHONY: all install system-deps run demo test test-fast test-slow lint bench screenshots bundle install-desktop clean

all: test

system-deps:
	@missing=""; for p in $(QT_DEBS); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  echo "installing Debian packages Qt needs:$$missing"; \
	  SUDO=""; [ "$$(id -u)" = 0 ] || SUDO=sudo; \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq --no-install-recommends $$missing >/dev/null; \
	fi

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip setuptools wheel
	$(BIN)/pip install -q -e '.[ml,test,bundle]'
	touch $@

install: system-deps $(STAMP)

# The demo project is made once; later runs keep what you annotated in it.
$(DEMO): | $(STAMP)
	$(BIN)/annotator init $(DEMO)
	$(BIN)/annotator import $(DEMO) seeds/
	-$(BIN)/annotator prelabel $(DEMO)

demo: install $(DEMO)

run: demo
	@if [ -n "$$DISPLAY$$WAYLAND_DISPLAY" ]; then \
	  $(BIN)/annotator gui $(DEMO); \
	else \
	  echo "no display: rendering the editor offscreen to exports/demo.png instead"; \
	  $(BIN)/annotator stats $(DEMO); \
	  QT_QPA_PLATFORM=offscreen $(BIN)/annotator gui $(DEMO) --screenshot exports/demo.png; \
	fi

lint: install
	$(BIN)/ruff check --quiet annotator bench tests docs setup.py
	$(BIN)/ruff format --check --quiet annotator bench tests docs setup.py
	$(BIN)/lint-imports
	$(BIN)/mypy annotator bench

# The whole suite, slow tests included (CI runs this).
test: install lint
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest -q -p no:cacheprovider

test-fast: install
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest -q -m "not slow" -p no:cacheprovider

test-slow: install
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest -q -m slow -p no:cacheprovider

bench: install
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m bench

screenshots: demo
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m docs.make_screenshots

# The one-folder app (dist/annotator/annotator) from annotator.spec; see README, "Install".
bundle: install
	$(BIN)/pyinstaller --noconfirm --clean annotator.spec

# The menu entry, the .annot file type and the icons, for the current user (Linux).
install-desktop: install
	$(BIN)/annotator install-desktop

clean:
	rm -rf $(VENV) build dist exports/*.db exports/*.db-* exports/*.png
