"""Model loaders: each model is loaded once per process and shared by every stage."""

from newsdesk.models.embeddings import Embedder, get_embedder
from newsdesk.models.nlp import get_nlp

__all__ = ["Embedder", "get_embedder", "get_nlp"]
