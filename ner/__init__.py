"""policy_kg.ner"""
