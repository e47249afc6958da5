"""The statistics screen: the street's, a community's or a grid's figures, with charts."""
