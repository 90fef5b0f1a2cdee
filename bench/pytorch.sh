# Sourced by the side-by-side benchmarks: makes Debian's PyTorch (torch 1.13 with OpenMP
# OpenBLAS) available to $PY where it can, and sets HAVE_TORCH=1 or 0. Without
# libopenblas0-openmp torch falls back to reference BLAS at a few GFLOP/s and a comparison
# means nothing, so both packages are checked, not only that torch imports.
missing=()
for pkg in python3-torch libopenblas0-openmp; do
    dpkg -s "$pkg" >/dev/null 2>&1 || missing+=("$pkg")
done
if [ ${#missing[@]} -gt 0 ]; then
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
        echo "installing ${missing[*]} with apt-get (for the PyTorch reference)"
        apt-get update -qq && apt-get install -y -qq "${missing[@]}" >/dev/null || true
    else
        echo "missing Debian packages ${missing[*]}, and not root with apt-get to install them"
    fi
fi
if "$PY" -c 'import torch' 2>/dev/null; then
    echo "pytorch: $("$PY" -c 'import torch; print(torch.__version__)') (python $PY)"
    HAVE_TORCH=1
else
    echo "pytorch: not available to $PY; the PyTorch column is skipped"
    HAVE_TORCH=0
fi
