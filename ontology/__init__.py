"""policy_kg.ontology"""
