# The dashboard as a container: stateless over the read-only Parquet in data/, no network at run time.
#
#   docker build -t mali-wps .
#   docker run --rm -p 8501:8501 --network none mali-wps      # works with no network at all (then publish via a proxy)
#   docker run --rm -p 8501:8501 mali-wps
#
# Everything the app needs is installed at build time: Python packages, plotly.js (inside the
# plotly wheel), Debian's chromium for the PNG/SVG/deck images (kaleido drives it). Nothing is
# fetched when the container runs; usage statistics are off. Run as many replicas as needed
# behind a load balancer with sticky sessions (README, Performance: "Past one machine").
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    STREAMLIT_BROWSER_GATHER_USAGE_STATS=false \
    STREAMLIT_SERVER_HEADLESS=true \
    STREAMLIT_SERVER_FILE_WATCHER_TYPE=none \
    STREAMLIT_SERVER_ADDRESS=0.0.0.0 \
    STREAMLIT_SERVER_PORT=8501 \
    WPS_DATA_DIR=/app/data

RUN apt-get update \
    && apt-get install -y --no-install-recommends chromium fonts-dejavu-core \
    && rm -rf /var/lib/apt/lists/*

WORKDIR /app
COPY pyproject.toml README.md ./
COPY src ./src
RUN pip install . && useradd --create-home --uid 10001 wps
COPY app.py ./
COPY pages ./pages
COPY .streamlit ./.streamlit
COPY data ./data

# The data is read-only: the app never writes beside it (exports go to the browser as downloads).
USER wps
EXPOSE 8501
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s \
    CMD python -c "import urllib.request,sys; sys.exit(urllib.request.urlopen('http://127.0.0.1:8501/_stcore/health', timeout=4).read().strip() != b'ok')"
CMD ["streamlit", "run", "app.py"]
