"""Adapters: the ORM tables of the assets database."""
