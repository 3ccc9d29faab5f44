"""A small built-in role taxonomy and skill vocabulary (AI / software / data).

The engine never requires these: callers pass their own taxonomy and vocabulary (the
Django side loads a curated one). They exist so the engine works, and can be tried and
tested, without any external data.
"""

from __future__ import annotations

from .contracts import Role, RoleTaxonomy, Skill, Vocabulary

__all__ = ["default_taxonomy", "default_vocabulary"]

_SKILLS: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    ("python", "Python", ("파이썬", "python3", "py")),
    ("java", "Java", ("자바",)),
    ("javascript", "JavaScript", ("자바스크립트", "js", "ecmascript")),
    ("typescript", "TypeScript", ("타입스크립트", "ts")),
    ("c", "C", ("c언어",)),
    ("cpp", "C++", ("c++", "씨플플", "cplusplus")),
    ("csharp", "C#", ("c#", "씨샵")),
    ("go", "Go", ("golang", "고랭")),
    ("kotlin", "Kotlin", ("코틀린",)),
    ("swift", "Swift", ("스위프트",)),
    ("sql", "SQL", ("에스큐엘",)),
    ("react", "React", ("리액트", "react.js", "reactjs")),
    ("vue", "Vue.js", ("vue", "뷰", "vuejs")),
    ("nodejs", "Node.js", ("node", "노드", "nodejs")),
    ("spring", "Spring", ("스프링", "spring boot", "스프링부트", "springboot")),
    ("django", "Django", ("장고",)),
    ("fastapi", "FastAPI", ("패스트api",)),
    ("docker", "Docker", ("도커",)),
    ("kubernetes", "Kubernetes", ("쿠버네티스", "k8s")),
    ("aws", "AWS", ("아마존 웹 서비스", "amazon web services")),
    ("linux", "Linux", ("리눅스",)),
    ("git", "Git", ("깃", "github", "깃허브")),
    ("ml", "머신러닝", ("machine learning", "기계학습", "기계 학습", "머신 러닝")),
    ("dl", "딥러닝", ("deep learning", "심층학습", "딥 러닝")),
    ("pytorch", "PyTorch", ("파이토치", "torch")),
    ("tensorflow", "TensorFlow", ("텐서플로", "텐서플로우", "tf")),
    ("nlp", "자연어 처리", ("nlp", "natural language processing", "자연어처리")),
    ("cv", "컴퓨터 비전", ("computer vision", "컴퓨터비전", "영상처리", "이미지 처리")),
    ("llm", "LLM", ("대규모 언어 모델", "large language model", "거대언어모델")),
    ("pandas", "pandas", ("판다스",)),
    ("numpy", "NumPy", ("넘파이",)),
    ("spark", "Apache Spark", ("spark", "스파크", "pyspark")),
    ("airflow", "Airflow", ("에어플로우", "apache airflow")),
    ("kafka", "Kafka", ("카프카", "apache kafka")),
    ("statistics", "통계", ("statistics", "통계학", "통계 분석")),
    ("tableau", "Tableau", ("태블로",)),
    ("excel", "Excel", ("엑셀",)),
    ("figma", "Figma", ("피그마",)),
    ("security", "정보보안", ("information security", "보안", "사이버보안")),
    ("network", "네트워크", ("network", "networking", "tcp/ip")),
    ("embedded", "임베디드", ("embedded", "펌웨어", "firmware")),
    ("mlops", "MLOps", ("엠엘옵스",)),
    ("android", "Android", ("안드로이드",)),
    ("ios", "iOS", ("아이오에스",)),
    ("testing", "테스트 자동화", ("test automation", "테스트자동화", "selenium")),
)

_ROLES: tuple[tuple[str, str, str, tuple[str, ...], tuple[str, ...]], ...] = (
    (
        "ml_engineer",
        "AI/머신러닝 엔지니어",
        "ai",
        ("ml engineer", "ai engineer", "머신러닝 엔지니어", "ai 엔지니어", "인공지능 엔지니어"),
        ("python", "ml", "dl", "pytorch", "tensorflow", "numpy"),
    ),
    (
        "data_scientist",
        "데이터 사이언티스트",
        "ai",
        ("data scientist", "데이터 과학자"),
        ("python", "ml", "statistics", "pandas", "sql"),
    ),
    (
        "nlp_engineer",
        "자연어처리 엔지니어",
        "ai",
        ("nlp engineer", "nlp 엔지니어"),
        ("python", "nlp", "dl", "pytorch", "llm"),
    ),
    (
        "cv_engineer",
        "컴퓨터비전 엔지니어",
        "ai",
        ("cv engineer", "비전 엔지니어"),
        ("python", "cv", "dl", "pytorch"),
    ),
    (
        "mlops_engineer",
        "MLOps 엔지니어",
        "ai",
        ("mlops engineer",),
        ("mlops", "docker", "kubernetes", "python", "aws"),
    ),
    (
        "data_engineer",
        "데이터 엔지니어",
        "data",
        ("data engineer",),
        ("sql", "spark", "airflow", "kafka", "python"),
    ),
    (
        "data_analyst",
        "데이터 분석가",
        "data",
        ("data analyst", "데이터 애널리스트"),
        ("sql", "excel", "tableau", "statistics", "python"),
    ),
    (
        "backend",
        "백엔드 개발자",
        "software",
        ("backend developer", "서버 개발자", "백엔드", "backend"),
        ("java", "spring", "python", "django", "sql", "nodejs"),
    ),
    (
        "frontend",
        "프론트엔드 개발자",
        "software",
        ("frontend developer", "프론트엔드", "frontend", "웹 퍼블리셔"),
        ("javascript", "typescript", "react", "vue"),
    ),
    (
        "fullstack",
        "풀스택 개발자",
        "software",
        ("full stack developer", "fullstack developer", "풀스택"),
        ("javascript", "react", "nodejs", "sql"),
    ),
    (
        "mobile",
        "모바일 앱 개발자",
        "software",
        ("mobile developer", "앱 개발자", "android developer", "ios developer"),
        ("kotlin", "swift", "android", "ios"),
    ),
    (
        "devops",
        "DevOps/클라우드 엔지니어",
        "infra",
        ("devops engineer", "cloud engineer", "클라우드 엔지니어", "데브옵스"),
        ("docker", "kubernetes", "aws", "linux"),
    ),
    (
        "security",
        "정보보안 전문가",
        "infra",
        ("security engineer", "보안 엔지니어", "보안 전문가"),
        ("security", "network", "linux"),
    ),
    (
        "embedded",
        "임베디드 SW 개발자",
        "software",
        ("embedded developer", "임베디드 개발자", "펌웨어 개발자"),
        ("c", "cpp", "embedded", "linux"),
    ),
    (
        "qa",
        "QA/테스트 엔지니어",
        "software",
        ("qa engineer", "테스트 엔지니어", "품질 엔지니어"),
        ("testing", "python", "javascript"),
    ),
    (
        "pm",
        "IT 기획자/PM",
        "business",
        ("product manager", "서비스 기획자", "기획자", "pm"),
        ("figma", "excel", "sql"),
    ),
)

_RELATED: tuple[tuple[str, str], ...] = (
    ("ml_engineer", "mlops_engineer"),
    ("ml_engineer", "data_scientist"),
    ("data_scientist", "data_analyst"),
    ("data_engineer", "backend"),
    ("data_engineer", "mlops_engineer"),
    ("backend", "fullstack"),
    ("frontend", "fullstack"),
    ("devops", "mlops_engineer"),
    ("devops", "backend"),
    ("security", "devops"),
)


def default_vocabulary() -> Vocabulary:
    return Vocabulary(tuple(Skill(i, n, a) for i, n, a in _SKILLS))


def default_taxonomy() -> RoleTaxonomy:
    return RoleTaxonomy(
        tuple(Role(i, n, g, a, s) for i, n, g, a, s in _ROLES),
        _RELATED,
    )
