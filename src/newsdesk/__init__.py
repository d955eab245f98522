"""newsdesk: turn a pile or stream of news articles into cross-checked stories."""

__version__ = "0.1.0"
