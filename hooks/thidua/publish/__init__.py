"""What a build publishes from SiteData: the page list, the facts pages and exports share, views, exports, photos."""
